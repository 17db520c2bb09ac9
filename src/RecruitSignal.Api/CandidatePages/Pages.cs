using Microsoft.AspNetCore.Http.HttpResults;

namespace RecruitSignal.CandidatePages;

/// <summary>Candidate pages rendered statically from their Razor components, with the status code that fits.</summary>
public static class Pages
{
    public static IResult Invitation(int status, Texts t, InvitationView view) =>
        new RazorComponentResult<InvitationPage>(new { T = t, M = view }) { StatusCode = status };

    public static IResult Answered(Texts t, AnsweredView view, int status = StatusCodes.Status200OK) =>
        new RazorComponentResult<AnsweredPage>(new { T = t, M = view }) { StatusCode = status };

    public static IResult Message(
        int status, Texts t, string title, string text, string? backHref = null, string? switchHref = null, string? footer = null, string? reason = null) =>
        new RazorComponentResult<MessagePage>(new { T = t, Title = title, Text = text, BackHref = backHref, SwitchHref = switchHref, Footer = footer, Reason = reason })
        {
            StatusCode = status,
        };
}
