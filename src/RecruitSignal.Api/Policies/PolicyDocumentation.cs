using RecruitSignal.ApiDocs;
using RecruitSignal.Scoring;

namespace RecruitSignal.Policies;

/// <summary>A scoring policy's logic in words, for the deployer's file (EU AI Act Art 13, Annex IV 2(b)).</summary>
/// <param name="Version">The policy described.</param>
/// <param name="Language"><c>en</c> or <c>fr</c>, also sent as <c>Content-Language</c>.</param>
/// <param name="Summary">What the policy produces, in one paragraph.</param>
/// <param name="Sections">The presence tier, the active-presence answer, every factor with its weight, the bands, absence and handles.</param>
public sealed record PolicyDocumentation(
    string Version, [property: WireValues("PolicyDocumentationLanguage", "en", "fr")] string Language, string Summary, IReadOnlyList<PolicySection> Sections);

/// <param name="Title">What the section is about.</param>
/// <param name="Rules">Its rules, one sentence each, in the order they apply.</param>
public sealed record PolicySection(string Title, IReadOnlyList<string> Rules);

/// <summary>
/// Writes a policy's logic from the policy itself, every number read from its parameters, so the words of a new
/// version can never lag behind it. The rules mirror <see cref="ScoringEngine"/> and <c>Factors</c>, in their order.
/// </summary>
public static class PolicyDescriber
{
    public static PolicyDocumentation Describe(ScoringPolicy p, PolicyWords t)
    {
        var w = p.Weights;
        var s = p.Scales;
        return new PolicyDocumentation(p.Version, t.Code, t.Summary(p.Version, t.Networks(p)), [
            new(t.TierTitle, [
                t.TierAbsent,
                t.TierUnverified(p.RequireVerifiedOwnership, p.NetworksRead),
                t.TierNoActivity,
                t.TierRelayer(t.Percent(p.Tiers.RelayerRepostShare)),
                t.TierFewAuthored(p.Tiers.MinAuthoredPosts),
                t.TierEngaged(p.Tiers.EngagedMinOriginalPosts, p.Tiers.EngagedMinReplies),
                t.TierPublisher,
            ]),
            new(t.ActiveTitle, [t.Active(p.Active.MaxDaysSinceAuthoredPost, p.Active.MinRelevantOriginalPosts), t.RelevanceTerms]),
            new(t.ScoreTitle, [
                t.ScoreSum(t.Number(w.Presence + w.Recency + w.Cadence + w.Conversation + w.Authorship + w.Relevance + w.Followers)),
                t.Presence(t.Number(w.Presence)),
                t.Recency(t.Number(w.Recency), s.RecencyFullPointsWithinDays),
                t.Cadence(t.Number(w.Cadence), t.Number(s.CadenceFullPointsPostsPer30Days)),
                t.Conversation(t.Number(w.Conversation), s.ConversationFullPointsReplies),
                t.Authorship(t.Number(w.Authorship)),
                t.Relevance(t.Number(w.Relevance), t.Number(s.RelevanceBioShare * w.Relevance), t.Number((1 - s.RelevanceBioShare) * w.Relevance),
                    t.Percent(s.RelevanceFullPointsPostShare)),
                t.Followers(t.Number(w.Followers)),
            ]),
            new(t.BandsTitle, [t.Bands(p.Bands.Strong, p.Bands.Moderate, p.Bands.Weak), t.NoScoreBand]),
            new(t.AbsenceTitle, [p.Absence == AbsenceTreatment.NotApplicable ? t.AbsenceNotScored : t.AbsenceScoresZero, t.Declined]),
        ]);
    }
}
