using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Audit;

public enum AuditAction
{
    ScreeningCreated,
    AssessmentRescored,
    AssessmentReviewed,
    AssessmentContested,
    PolicyCreated,
    ActivePolicyChanged,
    RescoringJobStarted,
    RetentionChanged,
    CandidateExported,
    CandidateErased,
    CandidatePurged,
    InvitationCreated,
    InvitationOpened,
    InvitationCancelled,
    InvitationCompleted,
    InvitationDeclined,
    ConsentWithdrawn,
    InvitationSettingsChanged,
    GreenhouseTestSent,
    GreenhouseWebhookSecretSet,
    GreenhouseWebhookSecretDeleted,
    ReportLinkCreated,
    ReportLinksRevoked,
    ReportLinkSettingsChanged,
    DemographicsRecorded,
    JurisdictionChanged,
    FairnessReportLinkCreated,
    FairnessReportLinksRevoked,
    AtsOrderPlaced,
    AtsCredentialSet,
    AtsWebhookSecretSet,
    AtsWebhookSecretDeleted,
    AuditEntriesPurged,
}

public enum AuditTarget { Assessment, Candidate, Policy, RescoringJob, Settings, Invitation, GreenhouseInterview, AtsOrder, AuditLog }

/// <summary>What happened to which id. Ids and names of actions only: never personal data.</summary>
public sealed record AuditEvent(AuditAction Action, AuditTarget TargetType, string TargetId)
{
    public static AuditEvent Of(AuditAction action, AuditTarget targetType, Guid targetId) => new(action, targetType, targetId.ToString("D"));
}

/// <summary>An audit entry as stored.</summary>
public sealed record AuditEntryRow
{
    /// <summary>The entry's number among all entries, from a sequence: its order in the round that seals it (not in <see cref="Columns"/>).</summary>
    public long Id { get; init; }

    public Guid TenantId { get; init; }
    public long Seq { get; init; }
    public DateTime At { get; init; }
    public Guid? ApiKeyId { get; init; }
    public required string Action { get; init; }
    public required string TargetType { get; init; }
    public required string TargetId { get; init; }
    public required byte[] PrevHash { get; init; }
    public required byte[] Hash { get; init; }

    public const string Columns = "tenant_id, seq, at, api_key_id, action, target_type, target_id, prev_hash, hash";
}

/// <summary>
/// The hash chain: each entry's hash is SHA-256 of the previous entry's hash followed by the entry's
/// canonical content, so changing, removing or reordering any entry breaks every link after it.
/// </summary>
public static class AuditChain
{
    public static byte[] Genesis { get; } = new byte[32];

    /// <summary>One field per line, in a fixed order and format, so the content hashes the same on any machine.</summary>
    public static string Canonical(AuditEntryRow entry) => string.Join('\n',
        "audit-v1",
        entry.TenantId.ToString("D"),
        entry.Seq.ToString(CultureInfo.InvariantCulture),
        DateTime.SpecifyKind(entry.At, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        entry.ApiKeyId?.ToString("D") ?? "",
        entry.Action,
        entry.TargetType,
        entry.TargetId);

    public static byte[] HashOf(byte[] prevHash, AuditEntryRow entry)
    {
        var content = Encoding.UTF8.GetBytes(Canonical(entry));
        return SHA256.HashData([.. prevHash, .. content]);
    }

    /// <summary>The entry that follows the one numbered <paramref name="prevSeq"/> with hash <paramref name="prevHash"/>.</summary>
    public static AuditEntryRow Next(Guid tenantId, long prevSeq, byte[] prevHash, DateTime at, Guid? apiKeyId, AuditEvent audited)
    {
        var entry = new AuditEntryRow
        {
            TenantId = tenantId,
            Seq = prevSeq + 1,
            At = at,
            ApiKeyId = apiKeyId,
            Action = WireName.Of(audited.Action),
            TargetType = WireName.Of(audited.TargetType),
            TargetId = audited.TargetId,
            PrevHash = prevHash,
            Hash = [],
        };
        return entry with { Hash = HashOf(prevHash, entry) };
    }
}
