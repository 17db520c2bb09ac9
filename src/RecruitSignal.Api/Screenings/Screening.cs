using RecruitSignal.Assessments;
using RecruitSignal.Infrastructure;
using RecruitSignal.Presence.X;
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
    DateTimeOffset AssessedAt,
    HandleOwnership Ownership = HandleOwnership.Ats,
    bool FromCandidatePage = false,
    IReadOnlyList<NetworkState>? Networks = null,
    CandidateStatement? Statement = null)
{
    public const int DefaultWindowDays = 90;

    /// <summary>A screening sent by the ATS: its handle, if any, is the ATS's.</summary>
    public static Screening From(ScreeningRequest request, ScoringPolicy policy, DateTimeOffset now) =>
        From(request, policy, now, HandleOwnership.Ats, statement: null, fromCandidatePage: false);

    /// <summary>
    /// A screening made from the candidate's own answer on the candidate page: the handles they proved or typed
    /// (or none), and what they stated instead of giving one. <paramref name="owned"/> says, per network, how each
    /// handle was given (<paramref name="ownership"/> is X's).
    /// </summary>
    public static Screening FromCandidate(
        ScreeningRequest request, ScoringPolicy policy, DateTimeOffset now, HandleOwnership ownership, CandidateStatement? statement,
        IReadOnlyDictionary<string, HandleOwnership>? owned = null) =>
        From(request, policy, now, ownership, statement, fromCandidatePage: true, owned);

    private static Screening From(
        ScreeningRequest request, ScoringPolicy policy, DateTimeOffset now, HandleOwnership ownership, CandidateStatement? statement, bool fromCandidatePage,
        IReadOnlyDictionary<string, HandleOwnership>? owned = null)
    {
        var candidate = request.Candidate ?? throw new ArgumentException("A validated request has a candidate.", nameof(request));
        var handle = candidate.XHandleText() is { } text ? XHandle.Parse(text) : null;
        var terms = RelevanceTerms.From(request.Job?.Keywords, request.Job?.Title, candidate.Headline);
        var declared = request.Evidence;
        var bioMatches = terms.MatchesIn(declared?.Bio);
        var declaredEvidence = declared is null ? null : new Evidence(
            WireName.Parse<AccountStatus>(declared.Status!),
            declared.ObservedAt ?? now,
            declared.WindowDays ?? DefaultWindowDays,
            declared.OriginalPosts ?? 0,
            declared.Replies ?? 0,
            declared.Reposts ?? 0,
            declared.RelevantOriginalPosts ?? 0,
            declared.LastAuthoredPostAt,
            bioMatches.Count > 0);
        // The X evidence, the only one a policy reading X alone scores; evidence of another network is that network's.
        var evidence = declared?.NetworkOrX() == Presence.Networks.X ? declaredEvidence : null;
        var networks = policy.ReadsNetworks ? Named(candidate, policy, declared?.NetworkOrX(), declaredEvidence, ownership, owned) : null;
        var result = networks is null
            ? ScoringEngine.Score(new ScoringInput(handle is not null, evidence, terms.Terms.Count > 0, ownership, statement), policy)
            : NetworkScoring.Score([.. networks.Select(n => n.ToInput())], terms.Terms.Count > 0, ForScoring(networks, ownership), statement, policy).Overall;
        return new Screening(candidate, handle, request.Job?.ExternalId, terms, declared, evidence, bioMatches, result, declaredEvidence?.ObservedAt ?? now,
            ownership, fromCandidatePage, statement is null ? networks : [], statement);
    }

    /// <summary>
    /// The networks the policy reads that the candidate named (a handle, or declared evidence): declared evidence gives its
    /// network's status; the others are not read yet, which <see cref="ScreeningFlow"/> turns into a lookup where consent allows.
    /// </summary>
    private static List<NetworkState> Named(
        CandidateProfile candidate, ScoringPolicy policy, string? evidenceNetwork, Evidence? declared, HandleOwnership xOwnership,
        IReadOnlyDictionary<string, HandleOwnership>? owned)
    {
        var handles = candidate.HandleTexts().ToDictionary(h => h.Network, h => h.Text);
        var named = new List<NetworkState>();
        foreach (var network in Presence.Networks.All.Where(n => policy.Networks!.Contains(n)))
        {
            var handle = handles.TryGetValue(network, out var text) && Presence.Networks.TryParse(network, text, out var parsed, out _) ? parsed : null;
            var evidence = evidenceNetwork == network ? declared : null;
            var ownership = owned?.GetValueOrDefault(network, xOwnership) ?? xOwnership;
            if (handle is not null && policy.RequireVerifiedOwnership && ownership != HandleOwnership.Verified)
            {
                // A policy that requires proof leaves every unproven handle unread, network by network: an ATS's, or one the
                // candidate typed beside another they signed in with.
                named.Add(new NetworkState(network, handle, ownership, NetworkStatus.NotRead, null, null, ReasonCodes.HandleNotVerified));
            }
            else if (handle is not null || evidence is not null)
            {
                named.Add(evidence is null
                    ? new NetworkState(network, handle, ownership, NetworkStatus.NotRead, null, null, ReasonCodes.NoEvidence)
                    : new NetworkState(network, handle, ownership, Presence.Networks.StatusOf(network, evidence.Status), null, evidence));
            }
        }

        return named;
    }

    /// <summary>
    /// The ownership the scoring checks a policy's <c>requireVerifiedOwnership</c> against, for networks whose handles may
    /// have been given differently: an unproven handle under such a policy is already left unread (<see cref="Named"/>), so
    /// any verified network means every scored one is. With one ownership for all, it is that one.
    /// </summary>
    public static HandleOwnership ForScoring(IEnumerable<NetworkState> networks, HandleOwnership fallback) =>
        networks.Any(n => n.Ownership == HandleOwnership.Verified) ? HandleOwnership.Verified : fallback;
}
