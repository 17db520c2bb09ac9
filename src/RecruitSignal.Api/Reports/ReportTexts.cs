using RecruitSignal.Explanations;
using RecruitSignal.Assessments;
using RecruitSignal.Presence;
using RecruitSignal.Reviews;
using RecruitSignal.Scoring;

namespace RecruitSignal.Reports;

/// <summary>
/// Every word a recruiter reads on the report page, in one language: <see cref="ReportTextsEn"/> and
/// <see cref="ReportTextsFr"/> are the only places to change what is said. Written to a recruiter, about the candidate.
/// </summary>
public abstract class ReportTexts
{
    public static ReportTexts English { get; } = new ReportTextsEn();

    public static ReportTexts French { get; } = new ReportTextsFr();

    public static ReportTexts Of(string code) => code == "fr" ? French : English;

    public abstract string Code { get; }

    /// <summary>The page's title and heading: what the assessment's policy measures, on the networks it reads.</summary>
    public string Title(ScoringPolicy policy) => Policies.PolicyWords.Of(Code).PresenceOn(policy);

    public abstract string About(string? candidateName, string employer);
    public abstract string NotADecision(string networks);
    public abstract string Footer(string expiresOn);
    public abstract string NoCookie { get; }

    public abstract string ResultHeading { get; }
    public abstract string ScoreLine(int score, string band);
    public abstract string NoScore { get; }
    public abstract string TierLine(string tier);
    public abstract string ActiveLine(bool active, string networks);
    /// <summary>What the result says; <paramref name="read"/> are the networks the policy reads (X alone when not given), all of which a refusal or a "no account" answer stands for.</summary>
    public abstract string Summary(AssessmentResponse a, IReadOnlyList<string>? read = null);

    public abstract string FactorsHeading { get; }
    public abstract string FactorsIntro { get; }
    public abstract string FactorName(string factor);
    public abstract string FactorPoints(string points, string weight);
    public abstract string FactorSentence(FactorResult factor, EvidenceSummary evidence);
    public abstract string NothingCounted { get; }

    public abstract string EvidenceHeading { get; }
    public abstract string NoEvidence { get; }
    public abstract string Window { get; }
    public abstract string WindowValue(int days, string until);
    public abstract string Source(EvidenceSource source);
    public abstract string SourceLabel { get; }
    public abstract string OwnPosts { get; }
    public abstract string Replies { get; }
    public abstract string Reposts { get; }
    public abstract string RelevantPosts { get; }
    public abstract string LastOwnPost { get; }
    public abstract string Unknown { get; }
    public abstract string BioTerms { get; }
    public abstract string NoBioTerm { get; }

    public abstract string HandleHeading { get; }
    /// <summary>Where one handle came from (<see cref="HandleProof.Handles"/>); null when no handle was assessed.</summary>
    public abstract string Handle(AssessmentHandle? handle);

    public abstract string ConsentHeading { get; }
    public abstract string Consent(bool granted, string day, string method);
    public abstract string NoConsent { get; }
    /// <summary>How a consent was given, from its stable wire code (<c>candidate_page_bluesky_signin</c>, ...).</summary>
    public abstract string Method(string method);

    public abstract string ReviewHeading { get; }
    public abstract string Review(ReviewState state, Band? overrideBand);

    public abstract string PolicyHeading { get; }
    public abstract string Policy(string version, string assessedOn);

    public abstract string NotFoundTitle { get; }
    public abstract string NotFoundText { get; }
    public abstract string EndedTitle { get; }
    public abstract string EndedText { get; }

    public abstract string TierName(PresenceTier tier);

    /// <summary>The candidate explanation's words for dates, numbers and bands, so both say them alike.</summary>
    protected abstract ExplanationLanguage Words { get; }

    public string BandName(Band band) => Words.BandName(band);

    public string Date(DateTimeOffset at) => Words.Date(at);

    public string Number(double value) => Words.Number(value);

    /// <summary>The networks the assessment's policy reads, X alone when the caller did not say.</summary>
    protected static IReadOnlyList<string> Read(IReadOnlyList<string>? read) => read ?? [Networks.X];

    /// <summary>The network a handle is on, as people write it: X for an assessment under a policy that reads X alone.</summary>
    protected static string NetworkOf(AssessmentHandle handle) => Networks.DisplayName(handle.Network ?? Networks.X);

    /// <summary>
    /// The network a consent given by signing in on the candidate page names (<c>candidate_page_x_signin</c>,
    /// <c>candidate_page_bluesky_signin</c>, <c>candidate_page_mastodon_signin</c>), or null for another method.
    /// </summary>
    protected static string? SignedInWith(string method) =>
        Networks.All.FirstOrDefault(n => method == $"candidate_page_{n}_signin") is { } network ? Networks.DisplayName(network) : null;

    /// <summary>The reason an assessment without a score has none, the same words whatever the language's sentences.</summary>
    protected static string Why(AssessmentResponse a) => a switch
    {
        { Status: AssessmentStatus.Failed } => "failed",
        _ when a.ReasonCodes.Contains(ReasonCodes.CandidateDeclined) => "declined",
        _ when a.ReasonCodes.Contains(ReasonCodes.CandidateStatedNoAccount) => "no_account",
        _ when a.ReasonCodes.Contains(ReasonCodes.HandleNotVerified) => "not_verified",
        _ when a.ReasonCodes.Contains(ReasonCodes.AccountProtected) => "protected",
        _ when a.ReasonCodes.Contains(ReasonCodes.AccountSuspended) => "suspended",
        { PresenceTier: PresenceTier.Absent } => "absent",
        { PresenceTier: PresenceTier.Unverified } => "no_evidence",
        _ => "scored",
    };
}
