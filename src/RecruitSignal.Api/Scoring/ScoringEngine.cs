using System.Globalization;

namespace RecruitSignal.Scoring;

/// <summary>
/// Turns evidence into a presence tier, the active-presence boolean and an explained score
/// (design sections 5 and 6). A pure function: no clock, no I/O; the observation time is the evidence's.
/// </summary>
public static class ScoringEngine
{
    public static ScoringResult Score(ScoringInput input, ScoringPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(policy);

        // The candidate's own word comes first: a refusal is never scored as absence, and a statement of
        // having no account is absence as the candidate said it, under the tenant's absence option.
        switch (input.Statement)
        {
            case CandidateStatement.Declined:
                return Unverified(policy, ReasonCodes.CandidateDeclined);
            case CandidateStatement.NoAccount:
                return Absent(policy, ReasonCodes.CandidateStatedNoAccount);
        }

        if (policy.RequireVerifiedOwnership && input.HandleKnown && input.Ownership != HandleOwnership.Verified)
        {
            return Unverified(policy, ReasonCodes.HandleNotVerified);
        }

        var evidence = input.Evidence;
        if (evidence is null)
        {
            return input.HandleKnown
                ? Unverified(policy, ReasonCodes.NoEvidence)
                : Absent(policy, ReasonCodes.NoHandle);
        }

        return evidence.Status switch
        {
            AccountStatus.NotFound => Absent(policy, ReasonCodes.AccountNotFound),
            AccountStatus.Suspended => Unverified(policy, ReasonCodes.AccountSuspended),
            AccountStatus.Protected => Unverified(policy, ReasonCodes.AccountProtected),
            _ => ScoreFoundAccount(evidence, input.HasRelevanceTerms, policy),
        };
    }

    private static ScoringResult ScoreFoundAccount(Evidence evidence, bool hasRelevanceTerms, ScoringPolicy policy)
    {
        var reasons = new List<string> { ReasonCodes.AccountFound };
        var (tier, tierReason) = Tier(evidence, policy.Tiers);
        reasons.Add(tierReason);

        var daysSinceAuthored = evidence.LastAuthoredPostAt is { } last
            ? Math.Max(0, (evidence.ObservedAt - last).TotalDays)
            : (double?)null;
        var recent = daysSinceAuthored <= policy.Active.MaxDaysSinceAuthoredPost;
        reasons.Add(daysSinceAuthored is null ? ReasonCodes.LastAuthoredPostUnknown
            : recent ? ReasonCodes.AuthoredPostIn30Days
            : ReasonCodes.NoAuthoredPostIn30Days);

        var relevantPosts = evidence.RelevantOriginalPosts >= policy.Active.MinRelevantOriginalPosts;
        if (evidence.BioMatchesTerms)
        {
            reasons.Add(ReasonCodes.BioMatchesTerms);
        }

        if (relevantPosts)
        {
            reasons.Add(ReasonCodes.PostsMatchTerms);
        }

        if (!evidence.BioMatchesTerms && !relevantPosts)
        {
            reasons.Add(hasRelevanceTerms ? ReasonCodes.NoProfessionalRelevance : ReasonCodes.NoRelevanceTerms);
        }

        var active = tier is PresenceTier.Publisher or PresenceTier.Engaged
            && recent
            && (evidence.BioMatchesTerms || relevantPosts);

        var factors = Rounded(Factors.For(evidence, daysSinceAuthored, policy));
        var score = ScoreOf(factors);
        return new ScoringResult(tier, active, score, BandOf(score, policy.Bands), factors, reasons, policy.Version);
    }

    /// <summary>Design section 5, rules 3 to 7, in that order.</summary>
    private static (PresenceTier Tier, string Reason) Tier(Evidence evidence, TierThresholds rules)
    {
        if (evidence.Total == 0)
        {
            return (PresenceTier.Passive, ReasonCodes.NoActivityInWindow);
        }

        if (evidence.Reposts >= rules.RelayerRepostShare * evidence.Total)
        {
            return (PresenceTier.Relayer, ReasonCodes.MostlyReposts);
        }

        if (evidence.Authored < rules.MinAuthoredPosts)
        {
            return (PresenceTier.Passive, ReasonCodes.FewAuthoredPosts);
        }

        return evidence.OriginalPosts >= rules.EngagedMinOriginalPosts && evidence.Replies >= rules.EngagedMinReplies
            ? (PresenceTier.Engaged, ReasonCodes.HoldsConversations)
            : (PresenceTier.Publisher, ReasonCodes.PublishesOwnPosts);
    }

    /// <summary>
    /// The rounded sum of the points as the answer shows them, so a recruiter adding them up finds the score.
    /// The sum is first cleaned of floating-point noise so that an exact .5 rounds up (31.499999999999996 is 31.5).
    /// </summary>
    private static int ScoreOf(IEnumerable<FactorResult> factors) =>
        (int)Math.Clamp(Math.Round(Math.Round(factors.Sum(f => f.Points), 9), MidpointRounding.AwayFromZero), 0, 100);

    public static Band BandOf(int score, BandThresholds bands) =>
        score >= bands.Strong ? Band.Strong
        : score >= bands.Moderate ? Band.Moderate
        : score >= bands.Weak ? Band.Weak
        : Band.None;

    private static ScoringResult Absent(ScoringPolicy policy, string reason)
    {
        if (policy.Absence == AbsenceTreatment.NotApplicable)
        {
            return new ScoringResult(PresenceTier.Absent, false, null, Band.Unknown, [], [ReasonCodes.NoAccount, reason, ReasonCodes.AbsenceNotScored], policy.Version);
        }

        var factors = Factors.Nothing(policy.Weights, "No X account was found, so there is no activity to count.");
        return new ScoringResult(PresenceTier.Absent, false, 0, Band.None, factors, [ReasonCodes.NoAccount, reason], policy.Version);
    }

    private static ScoringResult Unverified(ScoringPolicy policy, string reason) =>
        new(PresenceTier.Unverified, false, null, Band.Unknown, [], [reason], policy.Version);

    private static List<FactorResult> Rounded(IEnumerable<FactorResult> factors) =>
        factors.Select(f => f with { Points = Math.Round(f.Points, 2, MidpointRounding.AwayFromZero) }).ToList();

    internal static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>
/// What is scored: the evidence (if any), whether a handle is known and how it was obtained, whether relevance
/// terms existed, and what the candidate stated on the candidate page, if anything.
/// </summary>
public sealed record ScoringInput(
    bool HandleKnown,
    Evidence? Evidence,
    bool HasRelevanceTerms,
    HandleOwnership? Ownership = null,
    CandidateStatement? Statement = null);

/// <summary>How the assessed handle was obtained: proven by signing in on its own network (X, Bluesky or Mastodon), typed by the candidate, or sent by the ATS.</summary>
public enum HandleOwnership { Verified, Claimed, Ats }

/// <summary>What a candidate said on the candidate page instead of giving a handle.</summary>
public enum CandidateStatement { NoAccount, Declined }
