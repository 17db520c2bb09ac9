using RecruitSignal.Assessments;
using RecruitSignal.Explanations;
using RecruitSignal.Presence;
using RecruitSignal.Reviews;
using RecruitSignal.Scoring;

namespace RecruitSignal.Reports;

/// <summary>What a recruiter reads, in English.</summary>
public sealed class ReportTextsEn : ReportTexts
{
    public override string Code => "en";

    public override string About(string? candidateName, string employer) =>
        candidateName is null ? $"A candidate of {employer}." : $"{candidateName}, a candidate of {employer}.";
    public override string NotADecision(string networks) =>
        $"This is a signal for a human recruiter, not a hiring decision. It measures public professional activity on {networks}, not the person.";
    public override string Footer(string expiresOn) => $"This link works until {expiresOn}. {NoCookie}";
    public override string NoCookie => "The page sets no cookie and loads nothing from elsewhere.";

    public override string ResultHeading => "Result";
    public override string ScoreLine(int score, string band) => $"Score: {score} out of 100 (band: {band}).";
    public override string NoScore => "No score: there was nothing to score.";
    public override string TierLine(string tier) => $"Presence tier: {tier}.";
    public override string ActiveLine(bool active, string networks) =>
        active ? $"Active professional presence on {networks}: yes." : $"Active professional presence on {networks}: no.";
    public override string Summary(AssessmentResponse a, IReadOnlyList<string>? read = null) => Why(a) switch
    {
        "failed" => "The account could not be read, so nothing was scored.",
        "declined" => Read(read) is [var one]
            ? $"The candidate refused to have their {Networks.DisplayName(one)} account read: nothing was read, and a refusal is never scored as an absence."
            : $"The candidate refused to have their accounts on {Networks.Join(Read(read), Code, Conjunction.Or)} read: nothing was read, and a refusal is never scored as an absence.",
        "no_account" => Read(read) is [var one]
            ? $"The candidate said they have no {Networks.DisplayName(one)} account."
            : $"The candidate said they have no account on {Networks.Join(Read(read), Code, Conjunction.Or)}.",
        "not_verified" => HandleProof.NetworksNotVerified(a) is [var network]
            ? $"The scoring policy only counts an account the candidate proved theirs by signing in with {Networks.DisplayName(network)}; this one was not, so it was not read."
            : $"The scoring policy only counts an account the candidate proved theirs by signing in on its network; the accounts on {Networks.Join(HandleProof.NetworksNotVerified(a), Code, Conjunction.And)} were not, so they were not read.",
        "protected" => "The account is protected: its activity could not be seen.",
        "suspended" => "The account is suspended: its activity could not be seen.",
        "absent" => "No X account was found.",
        "no_evidence" => "No evidence of the account's activity was available.",
        _ => a.PresenceTier switch
        {
            PresenceTier.Engaged => "Writes their own posts and holds conversations with others.",
            PresenceTier.Publisher => "Writes their own posts.",
            PresenceTier.Relayer => "Mostly shares what others wrote.",
            _ => "Has an account with little activity of their own.",
        },
    };

    public override string FactorsHeading => "How the score was made";
    public override string FactorsIntro => "Each factor, its weight in the policy, the points it gave, and why. The points add up to the score.";
    public override string FactorName(string factor) => factor switch
    {
        Factors.Presence => "Presence",
        Factors.Recency => "Recency",
        Factors.Cadence => "Cadence",
        Factors.Conversation => "Conversation",
        Factors.Authorship => "Authorship",
        Factors.Relevance => "Relevance to the job",
        Factors.Followers => "Followers",
        _ => factor,
    };
    public override string FactorPoints(string points, string weight) => $"{points} of {weight} points";
    public override string FactorSentence(FactorResult factor, EvidenceSummary evidence) => factor.Detail;
    public override string NothingCounted => "No factor was counted: there was no visible activity.";

    public override string EvidenceHeading => "What was observed";
    public override string NoEvidence => "Nothing was observed.";
    public override string Window => "Window";
    public override string WindowValue(int days, string until) => $"{days} days up to {until}";
    public override string SourceLabel => "Source";
    public override string Source(EvidenceSource source) => source switch
    {
        EvidenceSource.XApi => "read from X's API",
        EvidenceSource.NetworkApi => "read from the network's public API",
        _ => "declared by the ATS",
    };
    public override string OwnPosts => "Own posts";
    public override string Replies => "Replies to others";
    public override string Reposts => "Reposts";
    public override string RelevantPosts => "Own posts mentioning a term of the job";
    public override string LastOwnPost => "Newest own post or reply";
    public override string Unknown => "unknown";
    public override string BioTerms => "Terms of the job in the profile description";
    public override string NoBioTerm => "none";

    public override string HandleHeading => "Where the account came from";
    public override string Handle(AssessmentHandle? handle) => handle switch
    {
        null => "No X account was assessed.",
        { Ownership: HandleOwnership.Verified } => $"@{handle.Username}: the candidate proved it is theirs by signing in with {NetworkOf(handle)}.",
        { Ownership: HandleOwnership.Claimed } => $"@{handle.Username}: typed by the candidate, not proven.",
        _ => $"@{handle.Username}: sent by the ATS.",
    };

    public override string ConsentHeading => "Consent";
    public override string Consent(bool granted, string day, string method) =>
        granted ? $"Given on {day}, {method}." : $"Refused or withdrawn on {day}, {method}.";
    public override string NoConsent => "No consent was recorded: nothing was read from X.";
    public override string Method(string method) => method switch
    {
        _ when SignedInWith(method) is { } network => $"by signing in with {network} on the candidate page",
        "candidate_page_typed_handle" => "by typing their username on the candidate page",
        "candidate_page_decline" => "by refusing on the candidate page",
        "candidate_page_withdraw" => "by withdrawing on the candidate page",
        _ => $"as recorded by the ATS ({method})",
    };

    public override string ReviewHeading => "Human review";
    public override string Review(ReviewState state, Band? overrideBand) => state switch
    {
        ReviewState.Confirmed => "A recruiter reviewed this result and confirmed it.",
        ReviewState.Overridden => $"A recruiter reviewed this result and changed its band to {BandName(overrideBand ?? Band.Unknown)}.",
        ReviewState.Contested => "The candidate contested this result; it waits for a recruiter's review.",
        _ => "No recruiter has reviewed this result yet.",
    };

    public override string PolicyHeading => "Scoring policy";
    public override string Policy(string version, string assessedOn) => $"Scored with policy {version}, for the activity observed on {assessedOn}.";

    public override string NotFoundTitle => "This report does not exist";
    public override string NotFoundText => "Check that the link was copied whole. Reports are only reachable through the link given to the recruiter.";
    public override string EndedTitle => "This report link has ended";
    public override string EndedText => "The link has expired or was revoked by the employer. Ask for the result again from your applicant tracking system.";

    public override string TierName(PresenceTier tier) => tier switch
    {
        PresenceTier.Engaged => "engaged",
        PresenceTier.Publisher => "publisher",
        PresenceTier.Relayer => "relayer",
        PresenceTier.Passive => "passive",
        PresenceTier.Absent => "absent",
        _ => "unverified",
    };

    protected override ExplanationLanguage Words => ExplanationLanguage.English;
}
