namespace RecruitSignal.Scoring;

/// <summary>Stable reason codes. Clients may switch on them: never rename one, only add.</summary>
public static class ReasonCodes
{
    public const string NoHandle = "NO_HANDLE";
    public const string NoAccount = "NO_ACCOUNT";
    public const string AccountNotFound = "ACCOUNT_NOT_FOUND";
    public const string NoEvidence = "NO_EVIDENCE";
    public const string AccountSuspended = "ACCOUNT_SUSPENDED";
    public const string AccountProtected = "ACCOUNT_PROTECTED";
    public const string AccountFound = "ACCOUNT_FOUND";
    public const string NoActivityInWindow = "NO_ACTIVITY_IN_WINDOW";
    public const string MostlyReposts = "MOSTLY_REPOSTS";
    public const string FewAuthoredPosts = "FEW_AUTHORED_POSTS";
    public const string PublishesOwnPosts = "PUBLISHES_OWN_POSTS";
    public const string HoldsConversations = "HOLDS_CONVERSATIONS";
    public const string AuthoredPostIn30Days = "AUTHORED_POST_IN_30_DAYS";
    public const string NoAuthoredPostIn30Days = "NO_AUTHORED_POST_IN_30_DAYS";
    public const string LastAuthoredPostUnknown = "LAST_AUTHORED_POST_UNKNOWN";
    public const string BioMatchesTerms = "BIO_MATCHES_TERMS";
    public const string PostsMatchTerms = "POSTS_MATCH_TERMS";
    public const string NoProfessionalRelevance = "NO_PROFESSIONAL_RELEVANCE";
    public const string NoRelevanceTerms = "NO_RELEVANCE_TERMS";
    public const string NoConsentForLookup = "NO_CONSENT_FOR_LOOKUP";
    public const string LookupPending = "LOOKUP_PENDING";
    public const string LookupFailed = "LOOKUP_FAILED";
    public const string XReadBudgetExhausted = "X_READ_BUDGET_EXHAUSTED";
    public const string AbsenceNotScored = "ABSENCE_NOT_SCORED";
    public const string CandidateDeclined = "CANDIDATE_DECLINED";
    public const string CandidateStatedNoAccount = "CANDIDATE_STATED_NO_ACCOUNT";
    public const string HandleNotVerified = "HANDLE_NOT_VERIFIED";
    public const string AccountRestricted = "ACCOUNT_RESTRICTED";
    public const string HandleInvalid = "HANDLE_INVALID";
    public const string NetworkUnavailable = "NETWORK_UNAVAILABLE";
    public const string NoNetworkFound = "NO_NETWORK_FOUND";

    /// <summary>Every code with what it means, for the OpenAPI document.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        [NoHandle] = "No X handle was given for the candidate.",
        [NoAccount] = "The candidate has no X account that could be found (tier absent).",
        [AccountNotFound] = "The evidence says the handle does not exist on X.",
        [NoEvidence] = "A handle is known but no evidence of its activity was given yet (tier unverified).",
        [AccountSuspended] = "The account is suspended; its activity cannot be observed (tier unverified).",
        [AccountProtected] = "The account is protected; its activity cannot be observed (tier unverified).",
        [AccountFound] = "The account exists and is public.",
        [NoActivityInWindow] = "No post, reply or repost in the activity window (tier passive).",
        [MostlyReposts] = "At least 60% of the activity is reposts of others (tier relayer).",
        [FewAuthoredPosts] = "Fewer than 6 posts or replies of the candidate's own in the window (tier passive).",
        [PublishesOwnPosts] = "The candidate publishes in their own name (tier publisher).",
        [HoldsConversations] = "The candidate publishes and replies to others (tier engaged).",
        [AuthoredPostIn30Days] = "The newest post or reply of the candidate's own is at most 30 days old.",
        [NoAuthoredPostIn30Days] = "The newest post or reply of the candidate's own is more than 30 days old.",
        [LastAuthoredPostUnknown] = "The date of the newest post or reply is unknown, so recency cannot be shown.",
        [BioMatchesTerms] = "The profile bio mentions a relevance term of the job or headline.",
        [PostsMatchTerms] = "At least one original post in the window mentions a relevance term.",
        [NoProfessionalRelevance] = "Neither the bio nor any original post mentions a relevance term.",
        [NoRelevanceTerms] = "Neither job keywords nor a job title or headline gave relevance terms.",
        [NoConsentForLookup] = "The candidate has not consented (or has withdrawn consent) to an X lookup, so nothing was fetched from X (tier unverified).",
        [LookupPending] = "The evidence is being fetched from the X API; poll the assessment until its status is completed or failed.",
        [XReadBudgetExhausted] = "The tenant's monthly X API reads are used up: the lookup waits (status budget_exhausted) and resumes by itself next month or when the cap is raised.",
        [LookupFailed] = "The X API lookup could not finish; the assessment's failureReason says why (tier unverified).",
        [AbsenceNotScored] = "The policy does not score a missing account: the score is null and the band unknown (tier absent).",
        [CandidateDeclined] = "The candidate refused, on the candidate page, to have their accounts looked at: nothing was read from any network the policy reads, and a refusal is never scored as absence (tier unverified, score null, band unknown).",
        [CandidateStatedNoAccount] = "The candidate stated on the candidate page that they have no account on the networks the policy reads (X under default@1), so none was read (tier absent; the policy's absence option applies).",
        [AccountRestricted] = "The account asks not to be read by anyone signed out (Bluesky's !no-unauthenticated label, Mastodon's noindex): nothing was read, and it is never scored as absence (tier unverified).",
        [HandleInvalid] = "The handle does not name one account (a Bluesky handle that does not resolve to a DID and back): never scored as absence (tier unverified).",
        [NetworkUnavailable] = "The network's server refused unauthenticated reads, timed out or failed after the retries: never scored as absence (tier unverified).",
        [NoNetworkFound] = "A policy reading several networks: the account was not found on any network the candidate named (tier absent).",
        [HandleNotVerified] = "The policy requires a handle the candidate proved theirs by signing in on its own network (X, Bluesky or Mastodon), and this one was typed by the candidate or sent by the ATS (tier unverified; under a policy reading several networks, that network is not_read).",
    };
}
