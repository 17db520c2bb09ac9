using Dapper;
using Microsoft.AspNetCore.Antiforgery;
using Npgsql;
using RecruitSignal.Candidates;
using RecruitSignal.Infrastructure;
using RecruitSignal.Invitations;
using RecruitSignal.Presence.X;
using RecruitSignal.Scoring;

namespace RecruitSignal.CandidatePages;

/// <summary>An invitation as its page sees it, found by the hash of the token in the link.</summary>
public sealed record PageInvitation
{
    public Guid TenantId { get; init; }
    public Guid Id { get; init; }
    public Guid CandidateId { get; init; }
    public required string Language { get; init; }
    public required string Status { get; init; }
    public string? Outcome { get; init; }
    public DateTime ExpiresAt { get; init; }
    public DateTime? WithdrawnAt { get; init; }
    public DateTime? XWithdrawnAt { get; init; }
    public required string Employer { get; init; }
    public int RetentionDays { get; init; }
    public string? CandidateName { get; init; }
    public string? Handle { get; init; }
    public string? PolicyVersion { get; init; }

    // The token is hashed whatever it looks like, so a malformed or unknown one costs the same query as a real one.
    public const string ByTokenSql = $"""
        select i.tenant_id, i.id, i.candidate_id, i.language, {InvitationStore.EffectiveStatus} as status, i.outcome, i.expires_at,
            i.withdrawn_at, i.x_withdrawn_at, t.name as employer, coalesce(s.retention_days, 730) as retention_days,
            c.full_name as candidate_name, a.handle, i.policy_version
        from candidate_invitations i
        join tenants t on t.id = i.tenant_id
        join candidates c on c.tenant_id = i.tenant_id and c.id = i.candidate_id
        left join tenant_settings s on s.tenant_id = i.tenant_id
        left join assessments a on a.tenant_id = i.tenant_id and a.id = i.assessment_id
        where i.token_hash = @tokenHash
        """;

    private const string OpenedSql = """
        update candidate_invitations set status = 'opened', opened_at = @now, updated_at = @now
        where tenant_id = @TenantId and id = @Id and status = 'pending'
        """;

    public bool CanAnswer => Status is "pending" or "opened";

    public InvitationOutcome? AnsweredWith => Outcome is null ? null : WireName.Parse<InvitationOutcome>(Outcome);

    /// <summary>Answered with handles and not withdrawn: the candidate may add a network to the answer, or withdraw one.</summary>
    public bool CanAddNetwork => Status == "completed" && WithdrawnAt is null
        && AnsweredWith is InvitationOutcome.XSignin or InvitationOutcome.TypedHandle or InvitationOutcome.NetworkSignin;

    /// <summary>The X handle of the answer and how it was given, when the answer has one (and X was not withdrawn from it).</summary>
    public (XHandle Handle, HandleOwnership Ownership)? XAnswer =>
        Handle is not null && XWithdrawnAt is null && AnsweredWith is InvitationOutcome.XSignin or InvitationOutcome.TypedHandle && XHandle.TryParse(Handle, out var x, out _)
            ? (x, AnsweredWith == InvitationOutcome.XSignin ? HandleOwnership.Verified : HandleOwnership.Claimed)
            : null;

    /// <summary>
    /// The invitation of a token; to answer it (<paramref name="forUpdate"/>), its candidate is locked first, as every
    /// writer about a candidate does (<see cref="CandidateLock"/>), then the invitation: null once they are erased.
    /// </summary>
    public static async Task<PageInvitation?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string token, DateTimeOffset now, bool forUpdate, CancellationToken ct)
    {
        var args = new { tokenHash = InvitationToken.Hash(token), now };
        var found = await connection.QuerySingleOrDefaultAsync<PageInvitation>(new CommandDefinition(ByTokenSql, args, transaction, cancellationToken: ct));
        if (!forUpdate || found is null)
        {
            return found;
        }

        return await CandidateLock.HoldAsync(connection, transaction!, found.TenantId, found.CandidateId, ct)
            ? await connection.QuerySingleOrDefaultAsync<PageInvitation>(new CommandDefinition(ByTokenSql + " for update of i", args, transaction, cancellationToken: ct))
            : null;
    }

    /// <summary>Marks a pending invitation opened; true the first time.</summary>
    public async Task<bool> MarkOpenedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition(OpenedSql, new { TenantId, Id, now }, transaction, cancellationToken: ct)) == 1;

    public DateTimeOffset ExpiresAtUtc => new(DateTime.SpecifyKind(ExpiresAt, DateTimeKind.Utc));

    public DateTimeOffset? WithdrawnAtUtc => WithdrawnAt is { } at ? new(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;

    public DateTimeOffset? XWithdrawnAtUtc => XWithdrawnAt is { } at ? new(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
}

/// <summary>
/// What the invitation page shows. <paramref name="Networks"/>: every network the invitation's policy reads, each its own
/// choice; <paramref name="SignIns"/>: those of them (Bluesky, Mastodon) whose sign-in the service offers.
/// <paramref name="HandleError"/> names the network whose typed handle was refused.
/// </summary>
public sealed record InvitationView(
    string Token, string Employer, string? CandidateName, DateTimeOffset ExpiresAt, int WindowDays, int RetentionDays,
    bool XSignIn, AntiforgeryTokenSet Tokens, IReadOnlyList<string> Networks, IReadOnlyList<string> SignIns,
    string? HandleError = null, string? HandleValue = null);

/// <summary>
/// What the page shows once the candidate answered: the X answer, the other networks given (each can be withdrawn), the
/// networks that will be read (given, not withdrawn, read by the policy), the networks that can still be added, and every
/// network the policy reads (a refusal names them all).
/// </summary>
public sealed record AnsweredView(
    string Token, string Employer, InvitationOutcome Outcome, string? Handle, DateTimeOffset? WithdrawnAt, bool CanWithdraw, AntiforgeryTokenSet Tokens,
    IReadOnlyList<InvitationNetwork> Given, IReadOnlyList<string> Read, IReadOnlyList<string> CanAdd, IReadOnlyList<string> SignIns,
    IReadOnlyList<string> Networks, string? HandleError = null, string? HandleValue = null, DateTimeOffset? XWithdrawnAt = null);
