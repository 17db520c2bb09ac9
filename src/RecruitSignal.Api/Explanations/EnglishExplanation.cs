using RecruitSignal.Presence;
using RecruitSignal.Scoring;

namespace RecruitSignal.Explanations;

internal sealed class EnglishExplanation : ExplanationLanguage
{
    public override string Code => "en";

    public override string Absent => "We did not find an X (Twitter) account in your name.";
    public override string AccountProtected => "Your X account is private, so we could not see its activity.";
    public override string Suspended => "Your X account is suspended, so we could not see its activity.";
    public override string NoEvidence => "We know the name of your X account but had no information about its activity.";
    public override string Passive => "Your X account shows little activity of your own.";
    public override string Relayer(string network) => $"Most of your activity on {network} is sharing posts written by other people.";
    public override string Publisher(string network) => $"You write your own posts on {network}.";
    public override string Engaged(string network) => $"You write your own posts on {network} and reply to other people.";
    public override string Declined(IReadOnlyList<string> networks) => networks is [var one]
        ? $"You refused to have your {Networks.DisplayName(one)} account looked at, so nothing was read and you were given no score."
        : $"You refused to have your accounts on {Networks.Join(networks, Code, Conjunction.Or)} looked at, so nothing was read and you were given no score.";
    public override string StatedNoAccount(IReadOnlyList<string> networks) => networks is [var one]
        ? $"You told us that you have no {(one == Networks.X ? "X (Twitter)" : Networks.DisplayName(one))} account."
        : $"You told us that you have no account on {Networks.Join(networks, Code, Conjunction.Or)}.";
    public override string HandleNotVerified(IReadOnlyList<string> networks) => networks.Count == 1
        ? $"The company only counts an account on {Networks.DisplayName(networks[0])} that you proved is yours by signing in with {Networks.DisplayName(networks[0])}, so this one was not looked at."
        : $"The company only counts an account you proved is yours by signing in on its network, so your accounts on {Networks.Join(networks, "en", Conjunction.And)} were not looked at.";
    public override string HandleSource(string handle, HandleOwnership ownership, string network) => ownership switch
    {
        HandleOwnership.Verified => $"The account @{handle} is yours: you proved it by signing in with {Networks.DisplayName(network)}.",
        HandleOwnership.Claimed => $"You gave us the account name @{handle}.",
        _ => $"The account name @{handle} came with your application.",
    };

    public override string Window(int days, string until) => $"We looked at the {days} days up to {until}.";
    public override string Activity(int originalPosts, int replies, int reposts) =>
        $"In that time we counted {originalPosts} posts of your own, {replies} replies to other people and {reposts} shares of other people's posts.";
    public override string LastPost(string day) => $"Your most recent post or reply was on {day}.";
    public override string LastPostUnknown => "We do not know the date of your most recent post or reply.";
    public override string BioMatches(string terms) => $"Your profile description mentions subjects of the job: {terms}.";
    public override string BioMatchesNothing => "Your profile description does not mention a subject of the job.";
    public override string RelevantPosts(int relevant, int originalPosts) => $"{relevant} of your {originalPosts} own posts mention a subject of the job.";

    public override string AbsenceCountsZero => "Having no account counts as 0 points.";
    public override string AbsenceNotCounted => "Having no account was not counted for or against you.";
    public override string NothingCounted => "Nothing was counted, because the activity could not be seen.";

    public override string Factor(string factor, string points, string weight) => factor switch
    {
        Factors.Presence => $"Having a public account: {points} out of {weight} points.",
        Factors.Recency => $"How recently you posted: {points} out of {weight} points.",
        Factors.Cadence => $"How often you post: {points} out of {weight} points.",
        Factors.Conversation => $"Replies to other people: {points} out of {weight} points.",
        Factors.Authorship => $"Posts of your own rather than shares: {points} out of {weight} points.",
        Factors.Relevance => $"Posts and profile related to the job: {points} out of {weight} points.",
        Factors.Followers => "Your number of followers was not counted.",
        _ => $"Other: {points} out of {weight} points.",
    };

    public override string Score(int score, string band) => $"Overall: {score} out of 100, which we describe as {band}.";
    public override string Active(string networks) => $"This counts as an active professional presence on {networks}.";
    public override string NotActive(string networks) => $"This does not count as an active professional presence on {networks}.";
    public override string NoScore => "No score was given.";
    public override string NoScoreForAbsence => "The company chose not to count a missing account against anyone, so no score was given.";

    public override string BandName(Band band) => band switch
    {
        Band.Strong => "strong",
        Band.Moderate => "moderate",
        Band.Weak => "weak",
        Band.None => "no signal",
        _ => "unknown",
    };

    public override string ReviewNone => "No recruiter has reviewed this result yet.";
    public override string ReviewConfirmed => "A recruiter reviewed this result and confirmed it.";
    public override string ReviewOverridden(string band) => $"A recruiter reviewed this result and changed its level to {band}.";
    public override string ReviewContested => "You objected to this result; a recruiter will review it again.";
    public override string Rights =>
        "This result is only one piece of information for a recruiter, who makes the decision; it says nothing about you as a person. "
        + "Through the company you applied to, you can ask for a person to review it, object to it, get a copy of all the data held about you, or have it erased.";

    protected override IReadOnlyList<string> Months { get; } =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    protected override char DecimalSeparator => '.';
}
