using System.Text.Json.Serialization;

namespace RecruitSignal.Scoring;

/// <summary>
/// A scoring policy is data: weights, thresholds and bands, under an immutable version.
/// The default, <c>default@1</c>, is seeded by migration 0002 with exactly these values.
/// <see cref="Absence"/> decides whether having no account scores 0 (the default) or is not scored at all.
/// <see cref="RequireVerifiedOwnership"/> makes a handle the candidate did not prove theirs (by signing in on its own network)
/// unverified; absent from stored versions that predate it, it reads as false.
/// <see cref="Networks"/> names the networks a policy reads (<c>default@2</c>: x, bluesky, mastodon), each scored alone
/// and the best one deciding; absent (every version before <c>default@2</c>), the policy reads X alone, as it always did.
/// </summary>
public sealed record ScoringPolicy(
    string Version,
    FactorWeights Weights,
    TierThresholds Tiers,
    ActivePresenceRules Active,
    FactorScales Scales,
    BandThresholds Bands,
    AbsenceTreatment Absence = AbsenceTreatment.ScoreZero,
    bool RequireVerifiedOwnership = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Networks = null)
{
    public const string DefaultVersion = "default@1";

    /// <summary>The built-in policy that reads every network.</summary>
    public const string MultiNetworkVersion = "default@2";

    /// <summary>Whether the policy names its networks, and so scores each apart (default@2), rather than X alone (default@1).</summary>
    [JsonIgnore]
    public bool ReadsNetworks => Networks is not null;

    /// <summary>The networks the policy reads: those it names, else X alone.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> NetworksRead => Networks ?? ["x"];

    public static ScoringPolicy Default { get; } = new(
        DefaultVersion,
        new FactorWeights(Presence: 10, Recency: 25, Cadence: 20, Conversation: 15, Authorship: 10, Relevance: 20, Followers: 0),
        new TierThresholds(RelayerRepostShare: 0.6, MinAuthoredPosts: 6, EngagedMinOriginalPosts: 3, EngagedMinReplies: 5),
        new ActivePresenceRules(MaxDaysSinceAuthoredPost: 30, MinRelevantOriginalPosts: 1),
        new FactorScales(
            RecencyFullPointsWithinDays: 7,
            CadenceFullPointsPostsPer30Days: 8,
            ConversationFullPointsReplies: 10,
            RelevanceBioShare: 0.4,
            RelevanceFullPointsPostShare: 0.5),
        new BandThresholds(Strong: 70, Moderate: 40, Weak: 1));
}

/// <summary>
/// How a candidate with no account on the networks the policy reads (none found, or the candidate said so) is treated:
/// scored 0 (band none), or not scored (null score, band unknown).
/// </summary>
public enum AbsenceTreatment { ScoreZero, NotApplicable }

public sealed record FactorWeights(
    double Presence, double Recency, double Cadence, double Conversation, double Authorship, double Relevance, double Followers);

public sealed record TierThresholds(double RelayerRepostShare, int MinAuthoredPosts, int EngagedMinOriginalPosts, int EngagedMinReplies);

public sealed record ActivePresenceRules(int MaxDaysSinceAuthoredPost, int MinRelevantOriginalPosts);

/// <summary>Where each factor reaches its full points.</summary>
public sealed record FactorScales(
    int RecencyFullPointsWithinDays,
    double CadenceFullPointsPostsPer30Days,
    int ConversationFullPointsReplies,
    double RelevanceBioShare,
    double RelevanceFullPointsPostShare);

public sealed record BandThresholds(int Strong, int Moderate, int Weak);
