using RecruitSignal.Presence;
using RecruitSignal.Presence.SignIn;

namespace RecruitSignal.CandidatePages;

/// <summary>What the candidate reads, in English.</summary>
public sealed class TextsEn : Texts
{
    public override string Code => "en";
    public override string OtherCode => "fr";
    public override string OtherLanguageName => "Français";
    public override string LanguageNavLabel => "Language";
    public override string ServiceName => "RecruitSignal";
    public override string Footer => "This page uses no cookie other than one that protects your answers, and no tracking.";

    public override string PageTitle(string employer, IReadOnlyList<string> networks) =>
        networks.Count == 1 ? $"{employer} asks about your {Networks.DisplayName(networks[0])} account" : $"{employer} asks about your accounts on {Networks.Join(networks, Code, Conjunction.And)}";
    protected override string XFormerly => "X (formerly Twitter)";
    public override string Greeting(string? name) => name is null ? "Hello," : $"Hello {name},";
    public override string Intro(string employer, IReadOnlyList<string> networks) =>
        $"{employer} is considering your application and would like to know whether you are active professionally on {AnyOf(networks)}. You decide.";

    public override IReadOnlyList<NoticeSection> Notice(string employer, IReadOnlyList<string> networks, int windowDays, int retentionDays) =>
    [
        new("Who asks and why", [
            $"{employer} uses RecruitSignal to see whether candidates share their professional work in public on {Networks.Join(networks, Code, Conjunction.Or)}.",
            "It is one signal among others for a recruiter, who reads it and decides. It is never a decision, and nothing is decided by a machine alone."]),
        new("What is read, and what is not", [
            $"Only if you give your account: its public activity over the last {windowDays} days, as counts and dates. How many posts you wrote, how many replies, how many reposts, when you last posted, and which words of the job appear in your profile description.",
            "The text of your posts is never stored, and nothing is classified by opinion, religion, health or any other private matter. Follower numbers are noted but do not count."]),
        new("How long it is kept", [
            $"What is recorded is kept for at most {retentionDays} days after the last update of your application, then erased."]),
        new("Your rights", [
            $"You can ask {employer} for a copy of everything held about you, for an explanation of the result, for a person to review it, or for it to be erased.",
            "You can withdraw your consent at any time from this page: no further reading of your account will be made."]),
    ];

    public override string ChoicesHeading => "Your choice";
    public override string ChoicesIntro(string expiresOn) => $"Choose one of the four answers below. This link works until {expiresOn}.";
    public override string SignInHeading => "Sign in with X";
    public override string SignInExplained => "The surest way: X confirms the account is yours. We only read your username, and we end the sign-in at once.";
    public override string SignInButton => "Sign in with X";
    public override string HandleHeading => "Type my username";
    public override string HandleExplained => "Give your X username. The recruiter will see that you typed it yourself.";
    public override string HandleLabel => "Your X username";
    public override string HandleHint => "For example camille_m, @camille_m or https://x.com/camille_m";
    public override string HandleButton => "Send my username";
    public override string HandleInvalid => "This is not an X username. It has 1 to 15 letters, digits or '_', for example camille_m.";
    public override string NoAccountHeading(IReadOnlyList<string> networks) => NoAccount(networks);
    public override string NoAccountExplained => "We will tell the recruiter that you said so.";
    public override string NoAccountButton(IReadOnlyList<string> networks) => NoAccount(networks);
    private string NoAccount(IReadOnlyList<string> networks) => networks.Count == 1
        ? $"I have no {Networks.DisplayName(networks[0])} account"
        : $"I have no account on {Networks.Join(networks, Code, Conjunction.Or)}";
    public override string DeclineHeading => "I refuse";
    public override string DeclineExplained(IReadOnlyList<string> networks) =>
        $"Nothing is read from {Networks.Join(networks, Code, Conjunction.Or)}. Your refusal is never counted against you as if you had no account.";
    public override string DeclineButton => "I refuse";

    public override string NetworksRead(IReadOnlyList<string> names) =>
        names.Count == 0 ? "No network will be read." : $"Read if you give them: {string.Join(", ", names)}. Only the networks you give are read.";
    public override string NetworksWillBeRead(IReadOnlyList<string> names) => $"Will be read, with your consent: {string.Join(", ", names)}.";
    public override string NetworkExplained(string network) =>
        $"Give your {NetworkName(network)} account. Signing in is the surest way: your server confirms the account is yours, and we keep only who signed in and when. Or send it without signing in: the recruiter will see that you typed it.";
    public override string NetworkHandleLabel(string network) => $"Your {NetworkName(network)} account";
    public override string NetworkHandleHint(string network) => network == "bluesky"
        ? "For example camille.bsky.social"
        : "For example @camille@mastodon.social";
    public override string NetworkHandleInvalid(string network) => network == "bluesky"
        ? "This is not a Bluesky handle. It looks like a domain name, for example camille.bsky.social."
        : "This is not a Mastodon account. Write it as @name@server, for example @camille@mastodon.social.";
    public override string NetworkSignInButton(string network) => $"Sign in with {NetworkName(network)}";
    public override string NetworkTypedButton(string network) => "Send without signing in";
    public override string RecordedNetwork(string network, string handle, bool verified) => verified
        ? $"{NetworkName(network)}: you signed in as {handle}; the recruiter will see that the account is yours."
        : $"{NetworkName(network)}: you gave {handle}.";
    public override string NetworkWithdrawButton(string network) => $"Withdraw my {NetworkName(network)} account";
    public override string NetworkWithdrawn(string network, string day) => $"{NetworkName(network)}: you withdrew it on {day}. Nothing more will be read from it.";
    public override string AddNetworkHeading => "Add another network";
    public override string AddNetworkExplained => "Your answer can list several networks. The best of them counts.";
    public override string NetworkSignInRefusedTitle(string network) => $"{NetworkName(network)} did not confirm your account";
    public override string NetworkSignInRefused(string network, SignInRefusal refusal) => refusal switch
    {
        SignInRefusal.Cancelled => "You cancelled the sign-in. Nothing was recorded: you can try again or choose another answer.",
        SignInRefusal.InvalidHandle => NetworkHandleInvalid(network) + " Nothing was recorded.",
        SignInRefusal.NoSuchAccount => "Your server does not know this account. Check it and try again. Nothing was recorded.",
        SignInRefusal.UnknownState or SignInRefusal.ExpiredState =>
            "A sign-in is valid for 10 minutes and only once. Nothing was recorded: open the link from your email and start again.",
        SignInRefusal.InvitationClosed => "This invitation no longer takes answers. Nothing was recorded.",
        SignInRefusal.PrivateAddress => "Your server's address cannot be reached from the internet, so it cannot confirm your account. Nothing was recorded: type your account instead, or choose another answer.",
        SignInRefusal.Unreachable or SignInRefusal.ProtocolError => "Your server did not answer as expected. Nothing was recorded: try again in a moment, or send your account without signing in.",
        SignInRefusal.WrongIssuer or SignInRefusal.WrongSubject or SignInRefusal.WrongAccount =>
            "You signed in with another account than the one you typed. Nothing was recorded: sign in with the account you gave.",
        _ => $"Signing in with {NetworkName(network)} is not offered here. Nothing was recorded: choose another answer.",
    };

    public override string AnsweredTitle => "Your answer is recorded";
    public override string RecordedVerified(string handle) => $"You signed in with X as @{handle}: the recruiter will see that the account is yours.";
    public override string RecordedClaimed(string handle) => $"You gave the username @{handle}.";
    public override string RecordedNoAccount(IReadOnlyList<string> networks) => networks.Count == 1
        ? $"You said that you have no {Networks.DisplayName(networks[0])} account. Nothing will be read from {Networks.DisplayName(networks[0])}."
        : $"You said that you have no account on {Networks.Join(networks, Code, Conjunction.Or)}. None of them will be read.";
    public override string RecordedDeclined(IReadOnlyList<string> networks) =>
        $"You refused. Nothing will be read from {Networks.Join(networks, Code, Conjunction.Or)}, and your refusal does not count against you.";
    public override string WhatHappensNext(string employer) => $"Thank you. {employer} will see your answer beside your application. You can close this page.";
    public override string WithdrawHeading => "Changed your mind?";
    public override string WithdrawExplained(string networks) => $"Withdraw your consent: nothing more will be read from {networks} for this application.";
    public override string WithdrawButton => "Withdraw my consent";
    public override string Withdrawn(string day, string networks) => $"You withdrew your consent on {day}. Nothing more will be read from {networks}.";
    public override string RightsReminder(string employer) =>
        $"To get a copy of your data, an explanation, a review by a person, or its erasure, write to {employer}.";

    public override string NotFoundTitle => "This link is not valid";
    public override string NotFoundText => "Check that you copied the whole link from your email. If it still does not work, ask the recruiter for a new one.";
    public override string ExpiredTitle => "This link has expired";
    public override string ExpiredText(string employer) => $"Nothing was recorded. Ask {employer} for a new invitation if you wish to answer.";
    public override string CancelledTitle => "This invitation was withdrawn";
    public override string CancelledText(string employer) => $"{employer} cancelled this invitation. Nothing was recorded.";
    public override string AlreadyAnsweredTitle => "You have already answered";
    public override string AlreadyAnsweredText => "Your first answer is kept. Open the link from your email again to see it.";
    public override string FormExpiredTitle => "Your answer was not sent";
    public override string FormExpiredText => "For your safety the form could not be checked, so nothing was recorded. Open the invitation again and make your choice once more.";
    public override string TooManyTitle => "Too many attempts";
    public override string TooManyText => "Please wait a minute, then try again.";
    public override string UnavailableTitle => "This page is unavailable for a moment";
    public override string UnavailableText => "Nothing was lost. Please try again in a few seconds.";
    public override string FailedTitle => "Something went wrong";
    public override string FailedText => "Your answer may not have been saved. Please go back and try again.";
    public override string SignInUnavailableTitle => "Sign in with X is not available";
    public override string SignInUnavailableText => "Go back and type your username instead, or choose another answer.";
    public override string SignInCancelledTitle => "Sign in with X was cancelled";
    public override string SignInCancelledText => "Nothing was recorded. You can try again or choose another answer.";
    public override string SignInStaleTitle => "This sign-in is no longer valid";
    public override string SignInStaleText => "A sign-in is valid for 10 minutes and only once. Nothing was recorded: open the link from your email and start again.";
    public override string SignInFailedTitle => "X did not confirm your account";
    public override string SignInFailedText => "Nothing was recorded. Please try again in a moment, or type your username instead.";
    public override string BackToInvitation => "Back to the invitation";

    public override string EmailSubject(string employer, IReadOnlyList<string> networks) => networks.Count == 1
        ? $"{employer}: your {Networks.DisplayName(networks[0])} account and your application"
        : $"{employer}: your application and your accounts on {Networks.Join(networks, Code, Conjunction.And)}";
    public override IReadOnlyList<string> EmailParagraphs(string? name, string employer, IReadOnlyList<string> networks, string expiresOn) =>
    [
        Greeting(name),
        $"{employer} is considering your application and would like to know whether you share your professional work in public on {AnyOf(networks)}.",
        (networks.Count == 1
            ? $"On the page below you can sign in with {Networks.DisplayName(networks[0])}, type your username, say that you have no account, or refuse."
            : "On the page below you can give each account (by signing in or typing your username), say that you have no account, or refuse.")
        + " The page says exactly what would be read (counts and dates of public activity, never the text of your posts) and how long it is kept. It is one signal for a recruiter, never a decision.",
        $"The link works until {expiresOn} and is for you alone: do not forward it.",
    ];

    public override string EmailLinkLabel => "Open my invitation";
    public override string EmailIgnore => "If you did not apply, you can ignore this email.";

    protected override IReadOnlyList<string> Months { get; } =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
}
