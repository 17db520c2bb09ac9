using System.Security.Cryptography;
using System.Text;
using RecruitSignal.Presence;

namespace RecruitSignal.CandidatePages;

/// <summary>One section of the notice a candidate reads before choosing.</summary>
public sealed record NoticeSection(string Heading, IReadOnlyList<string> Paragraphs);

/// <summary>
/// Every word a candidate reads, on the page and in the invitation email, in one language. Markup never holds
/// text of its own: <see cref="TextsEn"/> and <see cref="TextsFr"/> are the only places to change what is said.
/// </summary>
public abstract class Texts
{
    public static Texts English { get; } = new TextsEn();

    public static Texts French { get; } = new TextsFr();

    public static IReadOnlyList<string> Codes { get; } = ["en", "fr"];

    public static Texts Of(string? code) => code == "fr" ? French : English;

    /// <summary>The language of a code, or null when it is not one of ours.</summary>
    public static Texts? TryOf(string? code) => code switch { "fr" => French, "en" => English, _ => null };

    public abstract string Code { get; }
    public abstract string OtherCode { get; }
    public abstract string OtherLanguageName { get; }
    public abstract string LanguageNavLabel { get; }
    public abstract string ServiceName { get; }
    public abstract string Footer { get; }

    // The invitation page
    /// <summary>The page's title; <paramref name="networks"/> are the networks the invitation's policy reads (wire names), X first.</summary>
    public abstract string PageTitle(string employer, IReadOnlyList<string> networks);
    public abstract string Greeting(string? name);
    public abstract string Intro(string employer, IReadOnlyList<string> networks);

    /// <summary>"X (formerly Twitter), Bluesky or Mastodon": the networks after "whether", X with the name people may still know it by.</summary>
    protected string AnyOf(IReadOnlyList<string> networks) =>
        Networks.Join(networks, Code, Conjunction.Or, n => n == Networks.X ? XFormerly : Networks.DisplayName(n));

    protected abstract string XFormerly { get; }

    /// <summary>The notice; <paramref name="networks"/> are those the invitation's policy reads, so it names each one it may look at.</summary>
    public abstract IReadOnlyList<NoticeSection> Notice(string employer, IReadOnlyList<string> networks, int windowDays, int retentionDays);
    public abstract string ChoicesHeading { get; }
    public abstract string ChoicesIntro(string expiresOn);
    public abstract string SignInHeading { get; }
    public abstract string SignInExplained { get; }
    public abstract string SignInButton { get; }
    public abstract string HandleHeading { get; }
    public abstract string HandleExplained { get; }
    public abstract string HandleLabel { get; }
    public abstract string HandleHint { get; }
    public abstract string HandleButton { get; }
    public abstract string HandleInvalid { get; }
    /// <summary>
    /// Saying "no account" is a statement about every network the invitation's policy reads (<paramref name="networks"/>):
    /// the answer is scored absent (CANDIDATE_STATED_NO_ACCOUNT) with none of them read, so the words name them all.
    /// </summary>
    public abstract string NoAccountHeading(IReadOnlyList<string> networks);
    public abstract string NoAccountExplained { get; }
    public abstract string NoAccountButton(IReadOnlyList<string> networks);
    public abstract string DeclineHeading { get; }
    /// <summary>What refusing means; <paramref name="networks"/> are those the invitation's policy reads, none of which is read after it.</summary>
    public abstract string DeclineExplained(IReadOnlyList<string> networks);
    public abstract string DeclineButton { get; }

    // Bluesky and Mastodon, beside X (an invitation whose policy reads them)
    public static string NetworkName(string network) => network switch { "bluesky" => "Bluesky", "mastodon" => "Mastodon", _ => "X" };
    public abstract string NetworksRead(IReadOnlyList<string> names);
    public abstract string NetworksWillBeRead(IReadOnlyList<string> names);
    public abstract string NetworkExplained(string network);
    public abstract string NetworkHandleLabel(string network);
    public abstract string NetworkHandleHint(string network);
    public abstract string NetworkHandleInvalid(string network);
    public abstract string NetworkSignInButton(string network);
    public abstract string NetworkTypedButton(string network);
    public abstract string RecordedNetwork(string network, string handle, bool verified);
    public abstract string NetworkWithdrawButton(string network);
    public abstract string NetworkWithdrawn(string network, string day);
    public abstract string AddNetworkHeading { get; }
    public abstract string AddNetworkExplained { get; }
    public abstract string NetworkSignInRefusedTitle(string network);
    public abstract string NetworkSignInRefused(string network, Presence.SignIn.SignInRefusal refusal);

    // After an answer
    public abstract string AnsweredTitle { get; }
    public abstract string RecordedVerified(string handle);
    public abstract string RecordedClaimed(string handle);
    /// <summary>The "no account" answer, recorded; <paramref name="networks"/> as for <see cref="NoAccountHeading"/>.</summary>
    public abstract string RecordedNoAccount(IReadOnlyList<string> networks);
    public abstract string RecordedDeclined(IReadOnlyList<string> networks);
    public abstract string WhatHappensNext(string employer);
    public abstract string WithdrawHeading { get; }
    public abstract string WithdrawExplained(string networks);
    public abstract string WithdrawButton { get; }
    public abstract string Withdrawn(string day, string networks);
    public abstract string RightsReminder(string employer);

    // Messages
    public abstract string NotFoundTitle { get; }
    public abstract string NotFoundText { get; }
    public abstract string ExpiredTitle { get; }
    public abstract string ExpiredText(string employer);
    public abstract string CancelledTitle { get; }
    public abstract string CancelledText(string employer);
    public abstract string AlreadyAnsweredTitle { get; }
    public abstract string AlreadyAnsweredText { get; }
    public abstract string FormExpiredTitle { get; }
    public abstract string FormExpiredText { get; }
    public abstract string TooManyTitle { get; }
    public abstract string TooManyText { get; }
    public abstract string SignInUnavailableTitle { get; }
    public abstract string UnavailableTitle { get; }
    public abstract string UnavailableText { get; }
    public abstract string FailedTitle { get; }
    public abstract string FailedText { get; }
    public abstract string SignInUnavailableText { get; }
    public abstract string SignInCancelledTitle { get; }
    public abstract string SignInCancelledText { get; }
    public abstract string SignInStaleTitle { get; }
    public abstract string SignInStaleText { get; }
    public abstract string SignInFailedTitle { get; }
    public abstract string SignInFailedText { get; }
    public abstract string BackToInvitation { get; }

    // The invitation email
    /// <summary>The email's subject; <paramref name="networks"/> are those the invitation's policy reads, as for <see cref="PageTitle"/>.</summary>
    public abstract string EmailSubject(string employer, IReadOnlyList<string> networks);
    public abstract IReadOnlyList<string> EmailParagraphs(string? name, string employer, IReadOnlyList<string> networks, string expiresOn);
    public abstract string EmailLinkLabel { get; }
    public abstract string EmailIgnore { get; }

    protected abstract IReadOnlyList<string> Months { get; }

    /// <summary>Spelt here rather than taken from a culture, so a host without ICU data says the same.</summary>
    public string Date(DateTimeOffset at) => $"{at.UtcDateTime.Day} {Months[at.UtcDateTime.Month - 1]} {at.UtcDateTime.Year}";

    /// <summary>
    /// SHA-256 of the notice exactly as rendered in this language for this employer: stored with a consent, it
    /// proves which words the candidate had in front of them.
    /// </summary>
    public byte[] NoticeHash(string employer, IReadOnlyList<string> networks, int windowDays, int retentionDays)
    {
        var text = string.Join('\n', Notice(employer, networks, windowDays, retentionDays).SelectMany(s => s.Paragraphs.Prepend(s.Heading)));
        return SHA256.HashData(Encoding.UTF8.GetBytes(text));
    }
}
