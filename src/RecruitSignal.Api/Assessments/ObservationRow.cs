using RecruitSignal.Infrastructure;
using RecruitSignal.Scoring;

namespace RecruitSignal.Assessments;

/// <summary>A stored evidence snapshot (presence_observations), read the same way wherever it is needed.</summary>
public sealed record ObservationRow
{
    /// <summary>The columns of this row, in a select on presence_observations.</summary>
    public const string Columns = """
        id, source, status, observed_at, window_days, original_posts, replies, reposts, relevant_original_posts,
        last_authored_post_at, followers, account_created_at, bio_matched_terms
        """;

    public Guid Id { get; init; }
    public required string Source { get; init; }
    public required string Status { get; init; }
    public DateTime ObservedAt { get; init; }
    public int WindowDays { get; init; }
    public int? OriginalPosts { get; init; }
    public int? Replies { get; init; }
    public int? Reposts { get; init; }
    public int? RelevantOriginalPosts { get; init; }
    public DateTime? LastAuthoredPostAt { get; init; }
    public int? Followers { get; init; }
    public DateTime? AccountCreatedAt { get; init; }
    public required string[] BioMatchedTerms { get; init; }

    public EvidenceSummary ToSummary() => new(
        Id, WireName.Parse<EvidenceSource>(Source), WireName.Parse<AccountStatus>(Status), Utc(ObservedAt), WindowDays,
        OriginalPosts, Replies, Reposts, RelevantOriginalPosts,
        LastAuthoredPostAt is { } last ? Utc(last) : null, Followers,
        AccountCreatedAt is { } created ? Utc(created) : null, BioMatchedTerms);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>
/// The observation's columns as a row that joins them (an assessment, one network of an assessment), all null when
/// nothing was observed; read back the same way as a stored observation.
/// </summary>
public abstract record JoinedObservationColumns
{
    public Guid? ObservationId { get; init; }
    public string? Source { get; init; }
    public string? ObservationStatus { get; init; }
    public DateTime? ObservedAt { get; init; }
    public int? WindowDays { get; init; }
    public int? OriginalPosts { get; init; }
    public int? Replies { get; init; }
    public int? Reposts { get; init; }
    public int? RelevantOriginalPosts { get; init; }
    public DateTime? LastAuthoredPostAt { get; init; }
    public int? Followers { get; init; }
    public DateTime? AccountCreatedAt { get; init; }
    public string[]? BioMatchedTerms { get; init; }

    /// <summary>The joined observation, or null when the row has none.</summary>
    protected EvidenceSummary? JoinedEvidence => ObservationId is { } id ? new ObservationRow
    {
        Id = id,
        Source = Source!,
        Status = ObservationStatus!,
        ObservedAt = ObservedAt!.Value,
        WindowDays = WindowDays!.Value,
        OriginalPosts = OriginalPosts,
        Replies = Replies,
        Reposts = Reposts,
        RelevantOriginalPosts = RelevantOriginalPosts,
        LastAuthoredPostAt = LastAuthoredPostAt,
        Followers = Followers,
        AccountCreatedAt = AccountCreatedAt,
        BioMatchedTerms = BioMatchedTerms ?? [],
    }.ToSummary() : null;
}
