namespace RecruitSignal.Scoring;

/// <summary>Where one network of a multi-network assessment stands.</summary>
public enum NetworkStatus { Pending, NotRead, Found, NotFound, Suspended, Protected, Restricted, Unavailable, InvalidHandle }

/// <summary>
/// One network to score: its status, the evidence when there is some, and for a network not read, the reason code
/// that says why (no consent, no provider configured).
/// </summary>
public sealed record NetworkInput(string Network, NetworkStatus Status, Evidence? Evidence, string? UnreadReason = null);

/// <summary>One network scored alone with the policy's factors and tiers.</summary>
public sealed record NetworkScore(string Network, NetworkStatus Status, ScoringResult Result);

/// <summary>The assessment's result, every network's, and the network that gave the result (null when none was measured).</summary>
public sealed record NetworkScoringResult(ScoringResult Overall, IReadOnlyList<NetworkScore> Networks, string? BestNetwork);

/// <summary>
/// A policy that reads several networks (<c>default@2</c>): each network is scored alone by <see cref="ScoringEngine"/>,
/// and the best one gives the tier, score and band. The boolean is true when any network qualifies. Only
/// <c>not_found</c> on every named network is absence: a restricted, unavailable, invalid or pending network keeps the
/// candidate unverified rather than absent. Pure, like the engine.
/// </summary>
public static class NetworkScoring
{
    public static NetworkScoringResult Score(
        IReadOnlyList<NetworkInput> networks, bool hasRelevanceTerms, HandleOwnership? ownership, CandidateStatement? statement, ScoringPolicy policy)
    {
        if (statement is not null || networks.Count == 0)
        {
            return new(ScoringEngine.Score(new ScoringInput(false, null, hasRelevanceTerms, ownership, statement), policy), [], null);
        }

        var scored = networks.Select(n => new NetworkScore(n.Network, n.Status, ScoreOne(n, hasRelevanceTerms, ownership, policy))).ToList();
        if (Deciding([.. scored.Select(s => (s.Result.Tier, s.Result.Score))]) is { } decides)
        {
            var best = scored[decides];
            return new(best.Result with { ActiveProfessionalPresence = scored.Any(s => s.Result.ActiveProfessionalPresence) }, scored, best.Network);
        }

        if (scored.All(s => s.Result.Tier == PresenceTier.Absent))
        {
            var absent = scored[0].Result;
            return new(absent with { ReasonCodes = [.. absent.ReasonCodes, ReasonCodes.NoNetworkFound] }, scored, null);
        }

        var reasons = scored.Where(s => s.Result.Tier == PresenceTier.Unverified).SelectMany(s => s.Result.ReasonCodes).Distinct().ToList();
        return new(new ScoringResult(PresenceTier.Unverified, false, null, Band.Unknown, [], reasons, policy.Version), scored, null);
    }

    /// <summary>
    /// Which network decides: the measured one (neither absent nor unverified) with the highest score, then tier, the
    /// first listed on a tie; null when none was measured. Stored networks answer the same question again when read.
    /// </summary>
    public static int? Deciding(IReadOnlyList<(PresenceTier Tier, int? Score)> networks) =>
        Enumerable.Range(0, networks.Count)
            .Where(i => networks[i].Tier is not (PresenceTier.Absent or PresenceTier.Unverified))
            .OrderByDescending(i => networks[i].Score ?? -1).ThenByDescending(i => networks[i].Tier)
            .Select(i => (int?)i).FirstOrDefault();

    private static ScoringResult ScoreOne(NetworkInput network, bool hasRelevanceTerms, HandleOwnership? ownership, ScoringPolicy policy) =>
        network.Status switch
        {
            NetworkStatus.Pending => Unverified(policy, ReasonCodes.LookupPending),
            NetworkStatus.Restricted => Unverified(policy, ReasonCodes.AccountRestricted),
            NetworkStatus.Unavailable => Unverified(policy, ReasonCodes.NetworkUnavailable),
            NetworkStatus.InvalidHandle => Unverified(policy, ReasonCodes.HandleInvalid),
            NetworkStatus.NotRead => Unverified(policy, network.UnreadReason ?? ReasonCodes.NoEvidence),
            _ => ScoringEngine.Score(new ScoringInput(true, network.Evidence, hasRelevanceTerms, ownership), policy),
        };

    private static ScoringResult Unverified(ScoringPolicy policy, string reason) =>
        new(PresenceTier.Unverified, false, null, Band.Unknown, [], [reason], policy.Version);
}
