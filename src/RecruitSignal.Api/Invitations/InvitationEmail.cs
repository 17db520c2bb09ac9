using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using MimeKit;
using RecruitSignal.CandidatePages;

namespace RecruitSignal.Invitations;

/// <summary>
/// The invitation email: a plain-text part and an HTML part saying the same, in the invitation's language. No image,
/// no remote resource, no tracking: the only link is the candidate's own.
/// </summary>
public static class InvitationEmail
{
    /// <param name="networks">The networks the invitation's policy reads, as the page names them (X alone under default@1).</param>
    public static MimeMessage Compose(
        MailboxAddress from, string recipient, Texts t, string employer, string? candidateName, IReadOnlyList<string> networks, string link, DateTimeOffset expiresAt)
    {
        var subject = t.EmailSubject(employer, networks);
        var paragraphs = t.EmailParagraphs(candidateName, employer, networks, t.Date(expiresAt));
        var plain = new StringBuilder();
        foreach (var paragraph in paragraphs)
        {
            plain.Append(paragraph).Append("\n\n");
        }

        plain.Append(t.EmailLinkLabel).Append(":\n").Append(link).Append("\n\n").Append(t.EmailIgnore).Append('\n');

        var html = new StringBuilder($"<!DOCTYPE html><html lang=\"{t.Code}\"><head><meta charset=\"utf-8\"><title>{Encode(subject)}</title></head><body>");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(Encode(paragraph)).Append("</p>");
        }

        html.Append("<p><a href=\"").Append(Encode(link)).Append("\">").Append(Encode(t.EmailLinkLabel)).Append("</a></p>")
            .Append("<p>").Append(Encode(link)).Append("</p>")
            .Append("<p>").Append(Encode(t.EmailIgnore)).Append("</p></body></html>");

        var message = new MimeMessage { Subject = subject };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Headers.Add(HeaderId.ContentLanguage, t.Code);
        message.Body = new BodyBuilder { TextBody = plain.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return message;
    }

    // Accented letters stay readable in the raw message; only markup characters are escaped.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Encode(string text) => Html.Encode(text);
}
