using RecruitSignal.Scoring;

namespace RecruitSignal.Assessments;

/// <summary>
/// How an assessment made under a policy that reads several networks is answered: every network in <c>networks[]</c>, and
/// the <c>handle</c> and <c>evidence</c> of the network that gave the tier, score and band (the same choice as
/// <see cref="NetworkScoring.Deciding"/> made when it scored them), each naming that network. While no network decides
/// (pending, unverified, absent), they are the first named network's, so the two always describe one account.
/// </summary>
public static class DecidingNetwork
{
    public static AssessmentResponse Answer(AssessmentResponse assessment, IReadOnlyList<NetworkRow> rows)
    {
        var networks = rows.Select(row => row.ToResponse()).ToList();
        var decides = NetworkScoring.Deciding([.. networks.Select(n => (n.PresenceTier, n.Score))]);
        var shown = decides is { } i ? networks[i] : networks.FirstOrDefault(n => n.Handle is not null);
        return assessment with
        {
            Networks = networks,
            Handle = shown?.Handle is { } handle ? new AssessmentHandle(handle, shown.Ownership, shown.Network) : null,
            Evidence = shown?.Evidence is { } evidence ? evidence with { Network = shown.Network } : null,
        };
    }
}
