using System.Globalization;
using RecruitSignal.Presence;
using RecruitSignal.Scoring;

namespace RecruitSignal.Policies;

/// <summary>
/// The sentences of a policy's documentation in one language (<see cref="PolicyWordsEn"/>, <see cref="PolicyWordsFr"/>).
/// Every number comes in as a parameter: nothing here knows a policy's values.
/// </summary>
public abstract class PolicyWords
{
    public static PolicyWords Of(string? language) => language == "fr" ? new PolicyWordsFr() : new PolicyWordsEn();

    public abstract string Code { get; }
    public abstract string Summary(string version, string networks);

    /// <summary>What a policy measures, as an ATS's test list and the recruiter's report name it: "Professional presence on X, Bluesky and Mastodon".</summary>
    public abstract string PresenceOn(string networks);

    /// <summary>The networks the policy reads, as a sentence names them: "X", "X and Bluesky", "X, Bluesky and Mastodon".</summary>
    public string Networks(ScoringPolicy policy) => RecruitSignal.Presence.Networks.Join(policy.NetworksRead, Code, Conjunction.And);

    public string PresenceOn(ScoringPolicy policy) => PresenceOn(Networks(policy));

    public abstract string TierTitle { get; }
    public abstract string TierAbsent { get; }
    /// <summary>The unverified tier; <paramref name="networks"/> are those the policy reads, each proven by signing in on it.</summary>
    public abstract string TierUnverified(bool requireVerifiedOwnership, IReadOnlyList<string> networks);
    public abstract string TierNoActivity { get; }
    public abstract string TierRelayer(string share);
    public abstract string TierFewAuthored(int minAuthored);
    public abstract string TierEngaged(int minOriginal, int minReplies);
    public abstract string TierPublisher { get; }

    public abstract string ActiveTitle { get; }
    public abstract string Active(int maxDays, int minRelevantPosts);
    public abstract string RelevanceTerms { get; }

    public abstract string ScoreTitle { get; }
    public abstract string ScoreSum(string total);
    public abstract string Presence(string weight);
    public abstract string Recency(string weight, int fullWithinDays);
    public abstract string Cadence(string weight, string fullRate);
    public abstract string Conversation(string weight, int fullReplies);
    public abstract string Authorship(string weight);
    public abstract string Relevance(string weight, string bioPoints, string postsPoints, string fullShare);
    public abstract string Followers(string weight);

    public abstract string BandsTitle { get; }
    public abstract string Bands(int strong, int moderate, int weak);
    public abstract string NoScoreBand { get; }

    public abstract string AbsenceTitle { get; }
    public abstract string AbsenceScoresZero { get; }
    public abstract string AbsenceNotScored { get; }
    public abstract string Declined { get; }

    protected abstract char DecimalSeparator { get; }

    public string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture).Replace('.', DecimalSeparator);

    public string Percent(double share) => Number(share * 100) + " %";
}
