using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using RecruitSignal.Audit;

namespace RecruitSignal.Integrations;

/// <summary>
/// The credential an ATS issued to the tenant for sending results back (Workable's token, Ashby's API key): given once,
/// kept protected with Data Protection, never shown again, copied (protected) into each order placed afterwards, and
/// dropped from that order once its result was delivered.
/// </summary>
public sealed class AtsCredentials(NpgsqlDataSource dataSource, IDataProtectionProvider protection, AuditLog audit, TimeProvider clock)
{
    private const string SetSql = """
        insert into ats_credentials (tenant_id, ats, protected_credential, updated_at) values (@tenantId, @ats, @protectedCredential, @now)
        on conflict (tenant_id, ats) do update set protected_credential = excluded.protected_credential, updated_at = excluded.updated_at
        """;

    /// <summary>Keeps (or replaces) the tenant's credential for <paramref name="ats"/>; audited, never logged.</summary>
    public async Task<DateTimeOffset> SetAsync(Guid tenantId, Guid? apiKeyId, string ats, string credential, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(SetSql, new
        {
            tenantId, ats, protectedCredential = protection.CreateProtector(Ats.CredentialProtection(ats)).Protect(credential), now,
        }, transaction, cancellationToken: ct));
        await audit.AppendAsync(connection, transaction, tenantId, apiKeyId, new(AuditAction.AtsCredentialSet, AuditTarget.Settings, ats), ct);
        await transaction.CommitAsync(ct);
        return now;
    }
}

/// <summary>What <c>PUT /v1/integrations/{ats}</c> answers: the credential itself is never shown again.</summary>
/// <param name="Ats">workable or ashby.</param>
/// <param name="Connected">Always true: results of orders placed from now on go back with this credential.</param>
public sealed record AtsConnection(string Ats, bool Connected, DateTimeOffset UpdatedAt);
