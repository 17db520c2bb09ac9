using Dapper;
using Npgsql;
using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;

namespace RecruitSignal.CandidatePages;

/// <summary>
/// A Bluesky or Mastodon handle the candidate gave through the page: signed in (<c>verified</c>, with who the network
/// said signed in, the DID or the account URL, and when) or typed (<c>claimed</c>).
/// </summary>
public sealed record GivenNetwork(string Network, string Handle, HandleOwnership Ownership, string? Subject = null, DateTimeOffset? VerifiedAt = null);

/// <summary>A network given through an invitation, as the page lists it.</summary>
public sealed record InvitationNetwork
{
    public required string Network { get; init; }
    public required string Handle { get; init; }
    public required string Ownership { get; init; }
    public DateTime? WithdrawnAt { get; init; }

    public bool Verified => Ownership == WireName.Of(HandleOwnership.Verified);

    public DateTimeOffset? WithdrawnAtUtc => WithdrawnAt is { } at ? new(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
}

/// <summary>The networks of one answer beside its X handle (table <c>invitation_networks</c>), in the answer's transaction.</summary>
public static class InvitationNetworks
{
    // Giving a network again replaces what was given for it, and takes back its withdrawal.
    private const string UpsertSql = """
        insert into invitation_networks (tenant_id, invitation_id, network, handle, ownership, subject, verified_at, added_at)
        values (@tenantId, @invitationId, @Network, @Handle, @ownership, @Subject, @VerifiedAt, @now)
        on conflict (tenant_id, invitation_id, network) do update
        set handle = excluded.handle, ownership = excluded.ownership, subject = excluded.subject, verified_at = excluded.verified_at,
            added_at = excluded.added_at, withdrawn_at = null
        """;

    private const string ListSql = """
        select network, handle, ownership, withdrawn_at from invitation_networks
        where tenant_id = @tenantId and invitation_id = @invitationId
        order by case network when 'bluesky' then 1 else 2 end
        """;

    // One network (or, without one, every network) of the answer withdrawn; true when something was.
    private const string WithdrawSql = """
        update invitation_networks set withdrawn_at = @now
        where tenant_id = @tenantId and invitation_id = @invitationId and (@network::text is null or network = @network) and withdrawn_at is null
        """;

    public static Task SaveAsync(NpgsqlTransaction transaction, Guid tenantId, Guid invitationId, GivenNetwork given, DateTimeOffset now, CancellationToken ct) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(UpsertSql, new
        {
            tenantId, invitationId, given.Network, given.Handle, ownership = WireName.Of(given.Ownership), given.Subject, given.VerifiedAt, now,
        }, transaction, cancellationToken: ct));

    public static async Task<IReadOnlyList<InvitationNetwork>> ListAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid tenantId, Guid invitationId, CancellationToken ct) =>
        [.. await connection.QueryAsync<InvitationNetwork>(new CommandDefinition(ListSql, new { tenantId, invitationId }, transaction, cancellationToken: ct))];

    public static async Task<bool> WithdrawAsync(NpgsqlTransaction transaction, Guid tenantId, Guid invitationId, string? network, DateTimeOffset now, CancellationToken ct) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(WithdrawSql, new { tenantId, invitationId, network, now }, transaction, cancellationToken: ct)) > 0;
}
