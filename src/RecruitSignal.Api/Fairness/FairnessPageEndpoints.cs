using Microsoft.AspNetCore.Http.HttpResults;
using RecruitSignal.CandidatePages;

namespace RecruitSignal.Fairness;

/// <summary>
/// <c>/f/{token}</c>: the compliance officer's page, opened from a link without a key. The report pages' stack and guards
/// (server-rendered Razor components, the shared layout and stylesheet, a CSP without script, no referrer, no
/// indexing, no caching, rate limits). French or English: <c>?lang=</c>, else <c>Accept-Language</c>. The figures are
/// computed when the page is opened, so it always shows what the tenant holds now (erased candidates are gone).
/// </summary>
public static class FairnessPageEndpoints
{
    public static IEndpointRouteBuilder MapFairnessPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/f").ExcludeFromDescription().AddEndpointFilter(app.ServiceProvider.GetRequiredService<PageGuards>());
        pages.MapMethods("/{token}", [HttpMethods.Get, HttpMethods.Head], Show);
        return app;
    }

    internal static async Task<IResult> Show(
        string token, HttpContext http, FairnessReportLinks links, ImpactRatioQuery figures, TimeProvider clock, CancellationToken ct)
    {
        var t = PageLanguage.ForRequest(http, null);
        var r = FairnessTexts.Of(t.Code);
        var switchHref = $"/f/{Uri.EscapeDataString(token)}?lang={t.OtherCode}";
        var link = await links.FindAsync(token, ct);
        if (link is null)
        {
            return Pages.Message(StatusCodes.Status404NotFound, t, r.NotFoundTitle, r.NotFoundText, switchHref: switchHref, footer: r.NoCookie);
        }

        var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(link.ExpiresAt, DateTimeKind.Utc));
        if (link.Revoked || expiresAt <= clock.GetUtcNow())
        {
            return Pages.Message(StatusCodes.Status410Gone, t, r.EndedTitle, r.EndedText, switchHref: switchHref, footer: r.NoCookie);
        }

        var report = await figures.RunAsync(link.TenantId, link.Query, ct);
        return new RazorComponentResult<FairnessPage>(new { R = r, M = report, Employer = link.Employer, ExpiresAt = expiresAt, SwitchHref = switchHref });
    }
}
