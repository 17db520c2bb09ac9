using RecruitSignal.Presence;

namespace RecruitSignal.Policies;

/// <summary>A policy's logic in English.</summary>
public sealed class PolicyWordsEn : PolicyWords
{
    public override string Code => "en";
    public override string PresenceOn(string networks) => $"Professional presence on {networks}";
    public override string Summary(string version, string networks) =>
        $"The scoring policy {version} turns a candidate's public activity on {networks}, observed over a window of days, into a presence tier, "
        + "an answer to \"is there an active professional presence?\" and a score from 0 to 100 explained factor by factor. "
        + "It reads no demographic category. The result is a signal for a recruiter, never a hiring decision.";

    public override string TierTitle => "Presence tier (the first rule that applies)";
    public override string TierAbsent => "No handle is known and there is no evidence, or the account is not found: absent.";
    public override string TierUnverified(bool requireVerifiedOwnership, IReadOnlyList<string> networks) =>
        "A handle is known but there is no evidence yet, or the account is suspended or protected, or the candidate declined: unverified, with no score."
        + (!requireVerifiedOwnership ? ""
            : networks.Count == 1 ? $" A handle the candidate did not prove theirs by signing in with {RecruitSignal.Presence.Networks.DisplayName(networks[0])} is also unverified."
            : $" A handle the candidate did not prove theirs by signing in on its own network ({RecruitSignal.Presence.Networks.Join(networks, Code, Conjunction.Or)}) is also unverified, and that network is not read.");
    public override string TierNoActivity => "No post, reply or repost in the window: passive.";
    public override string TierRelayer(string share) => $"Reposts are {share} or more of all activity: relayer.";
    public override string TierFewAuthored(int minAuthored) => $"Fewer than {minAuthored} own posts and replies: passive.";
    public override string TierEngaged(int minOriginal, int minReplies) => $"At least {minOriginal} original posts and {minReplies} replies: engaged.";
    public override string TierPublisher => "Otherwise: publisher.";

    public override string ActiveTitle => "Active professional presence";
    public override string Active(int maxDays, int minRelevantPosts) =>
        $"True only when all three hold: the tier is publisher or engaged; the newest own post or reply is at most {maxDays} days before the observation "
        + $"(an unknown date counts as no); and the bio mentions a relevance term or at least {minRelevantPosts} original posts do.";
    public override string RelevanceTerms =>
        "Relevance terms are the job's keywords when given, otherwise the significant words of the job title and the candidate's headline, matched whole, ignoring case and accents.";

    public override string ScoreTitle => "Score: the factors and their weights";
    public override string ScoreSum(string total) => $"The score is the sum of the points of the factors below, rounded; their weights add up to {total}.";
    public override string Presence(string weight) => $"Presence, weight {weight}: all {weight} points when the account is found and public.";
    public override string Recency(string weight, int fullWithinDays) =>
        $"Recency, weight {weight}: all points when the newest own post or reply is at most {fullWithinDays} days old, falling in a straight line to 0 for a post as old as the observation window; 0 when that date is unknown.";
    public override string Cadence(string weight, string fullRate) =>
        $"Cadence, weight {weight}: own posts and replies per 30 days, all points from {fullRate}, in proportion below.";
    public override string Conversation(string weight, int fullReplies) =>
        $"Conversation, weight {weight}: replies to others in the window, all points from {fullReplies}, in proportion below.";
    public override string Authorship(string weight) =>
        $"Authorship, weight {weight}: the share of own posts and replies among all activity, times {weight}; 0 with no activity.";
    public override string Relevance(string weight, string bioPoints, string postsPoints, string fullShare) =>
        $"Relevance, weight {weight}: {bioPoints} points when the bio mentions a relevance term, plus up to {postsPoints} points for the share of original posts that mention one, all of them from {fullShare}; none of these with no original post.";
    public override string Followers(string weight) => weight == "0"
        ? "Followers, weight 0: recorded, never scored (popularity is not professional activity, and it tracks seniority)."
        : $"Followers, weight {weight}.";

    public override string BandsTitle => "Bands";
    public override string Bands(int strong, int moderate, int weak) =>
        $"Strong from a score of {strong}, moderate from {moderate}, weak from {weak}, none below {weak}.";
    public override string NoScoreBand => "Unknown when there is no score.";

    public override string AbsenceTitle => "No account, and refusals";
    public override string AbsenceScoresZero => "A candidate with no account (none found, or none as the candidate says) scores 0, band none.";
    public override string AbsenceNotScored =>
        "A candidate with no account (none found, or none as the candidate says) is not scored: no score, band unknown, so having no account counts against no one.";
    public override string Declined => "A candidate who refuses to have their account read is never scored as absent: no score, band unknown.";

    protected override char DecimalSeparator => '.';
}
