using RecruitSignal.Infrastructure;
using RecruitSignal.Presence;
using RecruitSignal.Scoring;

namespace RecruitSignal.Screenings;

/// <summary>
/// A validated screening request turned into what gets stored: the handle, the evidence reduced to
/// counts, dates and matched terms (the bio is dropped here), and the scoring result.
/// </summary>
public sealed record Screening(
    CandidateProfile Candidate,
    XHandle? Handle,
    string? JobExternalId,
    RelevanceTerms Terms,
    DeclaredEvidence? DeclaredEvidence,
    Evidence? Evidence,
    IReadOnlyList<string> BioMatchedTerms,
    ScoringResult Result,
    DateTimeOffset AssessedAt)
{
    public const int DefaultWindowDays = 90;

    public static Screening From(ScreeningRequest request, ScoringPolicy policy, DateTimeOffset now)
    {
        var candidate = request.Candidate ?? throw new ArgumentException("A validated request has a candidate.", nameof(request));
        var handle = candidate.XHandleText() is { } text ? XHandle.Parse(text) : null;
        var terms = RelevanceTerms.From(request.Job?.Keywords, request.Job?.Title, candidate.Headline);
        var declared = request.Evidence;
        var bioMatches = terms.MatchesIn(declared?.Bio);
        var evidence = declared is null ? null : new Evidence(
            WireName.Parse<AccountStatus>(declared.Status!),
            declared.ObservedAt ?? now,
            declared.WindowDays ?? DefaultWindowDays,
            declared.OriginalPosts ?? 0,
            declared.Replies ?? 0,
            declared.Reposts ?? 0,
            declared.RelevantOriginalPosts ?? 0,
            declared.LastAuthoredPostAt,
            bioMatches.Count > 0);
        var result = ScoringEngine.Score(new ScoringInput(handle is not null, evidence, terms.Terms.Count > 0), policy);
        return new Screening(candidate, handle, request.Job?.ExternalId, terms, declared, evidence, bioMatches, result, evidence?.ObservedAt ?? now);
    }
}
