using RecruitSignal.Assessments;
using RecruitSignal.Reviews;
using RecruitSignal.Scoring;
using RecruitSignal.ApiDocs;
using RecruitSignal.Presence;

namespace RecruitSignal.Explanations;

/// <summary>A plain-language account of one assessment, written to the candidate, with no internal id or code.</summary>
/// <param name="Language"><c>en</c> or <c>fr</c>, also sent as <c>Content-Language</c>.</param>
/// <param name="Summary">What the result says, in one sentence.</param>
/// <param name="Observed">What was looked at and found.</param>
/// <param name="HowItCounted">How each part of the score counted.</param>
/// <param name="Result">The score and whether it counts as an active professional presence.</param>
/// <param name="Review">Whether a person has reviewed the result.</param>
/// <param name="Rights">What the candidate can do about it.</param>
public sealed record ExplanationResponse(
    [property: WireValues("ExplanationLanguageCode", "en", "fr")] string Language, string Summary, IReadOnlyList<string> Observed, IReadOnlyList<string> HowItCounted, string Result, string Review, string Rights);

/// <summary>Turns a stored assessment into sentences of one language. Pure: everything comes from the assessment.</summary>
public static class Explainer
{
    /// <param name="read">The networks the assessment's policy reads (X alone when not given): a refusal or a statement of
    /// having no account stands for all of them, and the summary names them.</param>
    public static ExplanationResponse Explain(AssessmentResponse a, ExplanationLanguage t, IReadOnlyList<string>? read = null) => new(
        t.Code,
        Summary(a, t, read ?? [Networks.X]),
        [.. HandleLines(a, t), .. Observed(a.Evidence, t)],
        HowItCounted(a, t),
        Result(a, t),
        a.ReviewState switch
        {
            ReviewState.Confirmed => t.ReviewConfirmed,
            ReviewState.Overridden => t.ReviewOverridden(t.BandName(a.LatestReview?.OverrideBand ?? Band.Unknown)),
            ReviewState.Contested => t.ReviewContested,
            _ => t.ReviewNone,
        },
        t.Rights);

    private static IEnumerable<string> HandleLines(AssessmentResponse a, ExplanationLanguage t) =>
        HandleProof.Handles(a).Select(h => t.HandleSource(h.Username, h.Ownership, h.Network ?? Networks.X));

    private static string Summary(AssessmentResponse a, ExplanationLanguage t, IReadOnlyList<string> read) => a.PresenceTier switch
    {
        PresenceTier.Absent when a.ReasonCodes.Contains(ReasonCodes.CandidateStatedNoAccount) => t.StatedNoAccount(read),
        PresenceTier.Absent => t.Absent,
        PresenceTier.Unverified when a.ReasonCodes.Contains(ReasonCodes.CandidateDeclined) => t.Declined(read),
        PresenceTier.Unverified when a.ReasonCodes.Contains(ReasonCodes.HandleNotVerified) => t.HandleNotVerified(HandleProof.NetworksNotVerified(a)),
        PresenceTier.Unverified when a.ReasonCodes.Contains(ReasonCodes.AccountProtected) => t.AccountProtected,
        PresenceTier.Unverified when a.ReasonCodes.Contains(ReasonCodes.AccountSuspended) => t.Suspended,
        PresenceTier.Unverified => t.NoEvidence,
        PresenceTier.Passive => t.Passive,
        PresenceTier.Relayer => t.Relayer(DecidingNetwork(a)),
        PresenceTier.Publisher => t.Publisher(DecidingNetwork(a)),
        _ => t.Engaged(DecidingNetwork(a)),
    };

    private static List<string> Observed(EvidenceSummary? e, ExplanationLanguage t)
    {
        if (e is not { Status: AccountStatus.Found })
        {
            return [];
        }

        var observed = new List<string>
        {
            t.Window(e.WindowDays, t.Date(e.ObservedAt)),
            t.Activity(e.OriginalPosts ?? 0, e.Replies ?? 0, e.Reposts ?? 0),
            e.LastAuthoredPostAt is { } last ? t.LastPost(t.Date(last)) : t.LastPostUnknown,
            e.BioMatchedTerms.Count > 0 ? t.BioMatches(string.Join(", ", e.BioMatchedTerms)) : t.BioMatchesNothing,
        };
        if (e.OriginalPosts is > 0)
        {
            observed.Add(t.RelevantPosts(e.RelevantOriginalPosts ?? 0, e.OriginalPosts.Value));
        }

        return observed;
    }

    private static List<string> HowItCounted(AssessmentResponse a, ExplanationLanguage t) => a.PresenceTier switch
    {
        PresenceTier.Absent => [a.Score is null ? t.AbsenceNotCounted : t.AbsenceCountsZero],
        PresenceTier.Unverified => [t.NothingCounted],
        _ => a.Factors.Select(f => t.Factor(f.Factor, t.Number(f.Points), t.Number(f.Weight))).ToList(),
    };

    private static string Result(AssessmentResponse a, ExplanationLanguage t)
    {
        if (a.Score is not { } score)
        {
            return a.PresenceTier == PresenceTier.Absent ? t.NoScoreForAbsence : t.NoScore;
        }

        return $"{t.Score(score, t.BandName(a.Band))} {(a.ActiveProfessionalPresence
            ? t.Active(Networks.Join(NetworksActive(a), t.Code, Conjunction.And))
            : t.NotActive(Networks.Join(NetworksRead(a), t.Code, Conjunction.Or)))}";
    }

    // Under default@1 everything is about X. Under a policy that reads several networks, the tier is the deciding
    // network's (its handle and evidence name it), and the presence is active when any network read qualifies.
    private static string Deciding(AssessmentResponse a) => a.Evidence?.Network ?? a.Handle?.Network ?? Networks.X;

    private static string DecidingNetwork(AssessmentResponse a) => Networks.DisplayName(Deciding(a));

    private static List<string> NetworksRead(AssessmentResponse a) =>
        a.Networks is { Count: > 0 } read ? read.Select(n => n.Network).ToList() : [Networks.X];

    private static List<string> NetworksActive(AssessmentResponse a) =>
        a.Networks?.Where(n => n.ActiveProfessionalPresence).Select(n => n.Network).ToList() is { Count: > 0 } active
            ? active
            : [Deciding(a)];
}
