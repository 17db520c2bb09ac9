using static RecruitSignal.Scoring.ScoringEngine;

namespace RecruitSignal.Scoring;

/// <summary>The factors of design section 6; each returns its points and a sentence a recruiter can read.</summary>
internal static class Factors
{
    public const string Presence = "presence";
    public const string Recency = "recency";
    public const string Cadence = "cadence";
    public const string Conversation = "conversation";
    public const string Authorship = "authorship";
    public const string Relevance = "relevance";
    public const string Followers = "followers";

    /// <summary>Every factor, in the order of the answer.</summary>
    public static readonly IReadOnlyList<string> All = [Presence, Recency, Cadence, Conversation, Authorship, Relevance, Followers];

    public static List<FactorResult> For(Evidence evidence, double? daysSinceAuthored, ScoringPolicy policy)
    {
        var w = policy.Weights;
        var s = policy.Scales;
        return
        [
            new(Presence, w.Presence, w.Presence, "The account exists and is public."),
            RecencyOf(daysSinceAuthored, evidence.WindowDays, w.Recency, s.RecencyFullPointsWithinDays),
            CadenceOf(evidence, w.Cadence, s.CadenceFullPointsPostsPer30Days),
            ConversationOf(evidence.Replies, w.Conversation, s.ConversationFullPointsReplies),
            AuthorshipOf(evidence, w.Authorship),
            RelevanceOf(evidence, w.Relevance, s),
            new(Followers, w.Followers, 0, "Followers are recorded but do not count: popularity is not modernity."),
        ];
    }

    public static List<FactorResult> Nothing(FactorWeights w, string detail) =>
    [
        new(Presence, w.Presence, 0, detail),
        new(Recency, w.Recency, 0, detail),
        new(Cadence, w.Cadence, 0, detail),
        new(Conversation, w.Conversation, 0, detail),
        new(Authorship, w.Authorship, 0, detail),
        new(Relevance, w.Relevance, 0, detail),
        new(Followers, w.Followers, 0, "Followers are recorded but do not count: popularity is not modernity."),
    ];

    private static FactorResult RecencyOf(double? days, int windowDays, double weight, int fullWithinDays)
    {
        if (days is not { } d)
        {
            return new(Recency, weight, 0, "The date of the newest own post or reply is unknown.");
        }

        var share = d <= fullWithinDays ? 1
            : windowDays <= fullWithinDays ? 0
            : Math.Clamp((windowDays - d) / (windowDays - fullWithinDays), 0, 1);
        return new(Recency, weight, share * weight,
            $"Newest own post or reply {Number(d)} days before the observation (full points within {fullWithinDays} days, none after {windowDays}).");
    }

    private static FactorResult CadenceOf(Evidence e, double weight, double fullRate)
    {
        var ratePer30Days = e.Authored * 30.0 / e.WindowDays;
        var share = Math.Min(ratePer30Days / fullRate, 1);
        return new(Cadence, weight, share * weight,
            $"{e.Authored} own posts and replies in {e.WindowDays} days, {Number(ratePer30Days)} per 30 days (full points at {Number(fullRate)}).");
    }

    private static FactorResult ConversationOf(int replies, double weight, int fullReplies)
    {
        var share = Math.Min((double)replies / fullReplies, 1);
        return new(Conversation, weight, share * weight, $"{replies} replies to others in the window (full points at {fullReplies}).");
    }

    private static FactorResult AuthorshipOf(Evidence e, double weight)
    {
        if (e.Total == 0)
        {
            return new(Authorship, weight, 0, "No activity in the window.");
        }

        var share = (double)e.Authored / e.Total;
        return new(Authorship, weight, share * weight,
            $"{e.Authored} of {e.Total} posts in the window are the candidate's own ({Number(share * 100)}%).");
    }

    private static FactorResult RelevanceOf(Evidence e, double weight, FactorScales s)
    {
        var bioPoints = e.BioMatchesTerms ? s.RelevanceBioShare * weight : 0;
        var postsWeight = (1 - s.RelevanceBioShare) * weight;
        var bio = e.BioMatchesTerms
            ? $"The bio mentions a relevance term ({Number(bioPoints)} points)"
            : "The bio mentions no relevance term";
        if (e.OriginalPosts == 0)
        {
            return new(Relevance, weight, bioPoints, $"{bio}; there is no original post to weigh.");
        }

        var share = (double)e.RelevantOriginalPosts / e.OriginalPosts;
        var postsPoints = Math.Min(share / s.RelevanceFullPointsPostShare, 1) * postsWeight;
        return new(Relevance, weight, bioPoints + postsPoints,
            $"{bio}; {e.RelevantOriginalPosts} of {e.OriginalPosts} original posts mention one ({Number(share * 100)}%, full points at {Number(s.RelevanceFullPointsPostShare * 100)}%).");
    }
}
