using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using RecruitSignal.Invitations;

namespace RecruitSignal.Presence.SignIn;

/// <summary>A state taken back at the callback: the invitation it was bound to and what the flow carried across.</summary>
public sealed record SignInTicket(Guid TenantId, Guid InvitationId, string Payload, SignInPage? Page = null)
{
    public T Read<T>() => JsonSerializer.Deserialize<T>(Payload) ?? throw new SignInRefusedException(SignInRefusal.UnknownState, "empty state payload");
}

/// <summary>
/// The OAuth <c>state</c> of a sign-in in flight: random, stored hashed, bound to one invitation and one network,
/// single use (taking it deletes the row), valid <see cref="Lifetime"/>. What the flow needs at the callback (the
/// PKCE verifier, the DPoP key, the endpoints) is protected with the Data Protection key ring, never stored plain.
/// </summary>
public sealed class SignInStates(NpgsqlDataSource dataSource, IDataProtectionProvider protection, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private const string Purpose = "RecruitSignal.SignIn.State.v1";

    // Only an invitation still waiting for its answer, or answered with handles and not withdrawn (the candidate adds
    // a network to it), can start a sign-in, until its link expires.
    public const string OpenSql = """
        i.expires_at > @now and (i.status in ('pending', 'opened')
            or (i.status = 'completed' and i.outcome in ('x_signin', 'typed_handle', 'network_signin') and i.withdrawn_at is null))
        """;

    // Expired states of the invitation are cleared on the way.
    private const string InsertSql = $"""
        with expired as (
            delete from network_sign_in_states where tenant_id = @tenantId and invitation_id = @invitationId and expires_at <= @now
        )
        insert into network_sign_in_states (state_hash, tenant_id, invitation_id, network, protected, expires_at, created_at)
        select @stateHash, i.tenant_id, i.id, @network, @protectedPayload, @expiresAt, @now
        from candidate_invitations i
        where i.tenant_id = @tenantId and i.id = @invitationId and {OpenSql}
        """;

    // The network is part of the key: a Bluesky state brought to the Mastodon callback finds nothing and stays unused.
    private const string TakeSql = """
        delete from network_sign_in_states where state_hash = @stateHash and network = @network
        returning tenant_id, invitation_id, protected, expires_at
        """;

    /// <summary>Whether the invitation can still start a sign-in: asked before any server the candidate named is called.</summary>
    public async Task<bool> IsOpenAsync(SignInFor invitation, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition($"""
            select exists (select 1 from candidate_invitations i where i.tenant_id = @TenantId and i.id = @InvitationId and {OpenSql})
            """, new { invitation.TenantId, invitation.InvitationId, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    /// <summary>A new state value: 256 random bits, base64url.</summary>
    public static string NewState() => InvitationToken.New();

    /// <summary>Stores <paramref name="state"/> carrying <paramref name="payload"/>; false when the invitation no longer waits for an answer.</summary>
    public async Task<bool> CreateAsync<T>(SignInFor invitation, string network, string state, T payload, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (tenantId, invitationId) = (invitation.TenantId, invitation.InvitationId);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            tenantId, invitationId, network, now, expiresAt = now + Lifetime, stateHash = InvitationToken.Hash(state),
            protectedPayload = protection.CreateProtector(Purpose).Protect(JsonSerializer.Serialize(new Carried(JsonSerializer.Serialize(payload), invitation.Page))),
        }, cancellationToken: ct));
        return inserted == 1;
    }

    /// <summary>Takes the state back, once: unknown, reused, of another network, unreadable or expired is a refusal.</summary>
    public async Task<SignInTicket> TakeAsync(string network, string? state, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 100)
        {
            throw new SignInRefusedException(SignInRefusal.UnknownState, "no state");
        }

        Row? row;
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(TakeSql,
                new { stateHash = InvitationToken.Hash(state), network }, cancellationToken: ct));
        }

        if (row is null)
        {
            throw new SignInRefusedException(SignInRefusal.UnknownState, "unknown or used state");
        }

        Carried carried;
        try
        {
            carried = JsonSerializer.Deserialize<Carried>(protection.CreateProtector(Purpose).Unprotect(row.Protected))
                ?? throw new SignInRefusedException(SignInRefusal.UnknownState, "empty state");
        }
        catch (CryptographicException)
        {
            throw new SignInRefusedException(SignInRefusal.UnknownState, "state written under a key that is gone");
        }

        // An expired state still says which page it came from, so that the candidate lands back on it.
        if (new DateTimeOffset(DateTime.SpecifyKind(row.ExpiresAt, DateTimeKind.Utc)) <= clock.GetUtcNow())
        {
            throw new SignInRefusedException(SignInRefusal.ExpiredState, "expired state") { Ticket = new(row.TenantId, row.InvitationId, "", carried.Page) };
        }

        return new SignInTicket(row.TenantId, row.InvitationId, carried.Flow, carried.Page);
    }

    /// <summary>What a state carries: the flow's own payload (JSON) and the page it started from.</summary>
    private sealed record Carried(string Flow, SignInPage? Page);

    private sealed record Row
    {
        public Guid TenantId { get; init; }
        public Guid InvitationId { get; init; }
        public required string Protected { get; init; }
        public DateTime ExpiresAt { get; init; }
    }
}
