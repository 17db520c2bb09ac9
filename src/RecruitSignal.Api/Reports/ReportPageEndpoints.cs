using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.CandidatePages;
using RecruitSignal.Invitations;
using RecruitSignal.Policies;
using RecruitSignal.Scoring;

namespace RecruitSignal.Reports;

/// <summary>The consent a report shows: the candidate's latest decision.</summary>
public sealed record ConsentSeen(bool Granted, DateTimeOffset At, string Method);

/// <summary>What the report page shows.</summary>
/// <param name="Policy">The assessment's scoring policy: the title names the networks it reads.</param>
public sealed record ReportView(
    string Employer, string? CandidateName, AssessmentResponse Assessment, ScoringPolicy Policy, ConsentSeen? Consent, DateTimeOffset ExpiresAt, string SwitchHref);

/// <summary>
/// <c>/r/{token}</c>: the read-only report a recruiter opens from the ATS without a key. The candidate pages' stack:
/// Razor components rendered on the server, their layout and stylesheet, and their guards (the same CSP, no
/// referrer since the token is in the URL, no indexing, no caching, rate limits per address and per link).
/// French or English: <c>?lang=</c>, else <c>Accept-Language</c>. An unknown link answers 404, an expired or
/// revoked one 410, as pages in the reader's language.
/// </summary>
public static class ReportPageEndpoints
{
    // The token is hashed whatever it looks like, so an unknown one costs the same query as a real one.
    private const string ByTokenSql = """
        select l.tenant_id, l.assessment_id, l.expires_at, (l.revoked_at is not null) as revoked, t.name as employer, c.full_name as candidate_name,
            k.granted as consent_granted, k.granted_at as consent_at, k.method as consent_method
        from report_links l
        join tenants t on t.id = l.tenant_id
        join assessments a on a.tenant_id = l.tenant_id and a.id = l.assessment_id
        join candidates c on c.tenant_id = a.tenant_id and c.id = a.candidate_id
        left join lateral (
            select granted, granted_at, method from candidate_consents
            where tenant_id = a.tenant_id and candidate_id = a.candidate_id
            order by created_at desc, id desc
            limit 1
        ) k on true
        where l.token_hash = @tokenHash
        """;

    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportLinks>();
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", ReportLinkEndpoints.AddExamples);
        return builder;
    }

    public static IEndpointRouteBuilder MapReportPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("/r").ExcludeFromDescription().AddEndpointFilter(app.ServiceProvider.GetRequiredService<PageGuards>());
        pages.MapMethods("/{token}", [HttpMethods.Get, HttpMethods.Head], Show);
        return app;
    }

    internal static async Task<IResult> Show(
        string token, HttpContext http, NpgsqlDataSource dataSource, AssessmentQueries assessments, PolicyStore policies, TimeProvider clock, CancellationToken ct)
    {
        var t = PageLanguage.ForRequest(http, null);
        var r = ReportTexts.Of(t.Code);
        var switchHref = $"/r/{Uri.EscapeDataString(token)}?lang={t.OtherCode}";
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var link = await connection.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(
            ByTokenSql, new { tokenHash = InvitationToken.Hash(token) }, cancellationToken: ct));
        if (link is null)
        {
            return Pages.Message(StatusCodes.Status404NotFound, t, r.NotFoundTitle, r.NotFoundText, switchHref: switchHref, footer: r.NoCookie);
        }

        var expiresAt = new DateTimeOffset(DateTime.SpecifyKind(link.ExpiresAt, DateTimeKind.Utc));
        if (link.Revoked || expiresAt <= clock.GetUtcNow())
        {
            return Pages.Message(StatusCodes.Status410Gone, t, r.EndedTitle, r.EndedText, switchHref: switchHref, footer: r.NoCookie);
        }

        var assessment = await assessments.FindAsync(link.TenantId, link.AssessmentId, ct);
        if (assessment is null)
        {
            return Pages.Message(StatusCodes.Status404NotFound, t, r.NotFoundTitle, r.NotFoundText, switchHref: switchHref, footer: r.NoCookie);
        }

        // A stored assessment's policy is immutable and kept; default@1 if it ever were not, as before networks existed.
        var policy = await policies.FindAsync(link.TenantId, assessment.PolicyVersion, ct) ?? ScoringPolicy.Default;
        var consent = link.ConsentAt is { } at ? new ConsentSeen(link.ConsentGranted ?? false, new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)), link.ConsentMethod ?? "") : null;
        return new RazorComponentResult<ReportPage>(new { R = r, M = new ReportView(link.Employer, link.CandidateName, assessment, policy, consent, expiresAt, switchHref) });
    }

    private sealed record LinkRow
    {
        public Guid TenantId { get; init; }
        public Guid AssessmentId { get; init; }
        public DateTime ExpiresAt { get; init; }
        public bool Revoked { get; init; }
        public required string Employer { get; init; }
        public string? CandidateName { get; init; }
        public bool? ConsentGranted { get; init; }
        public DateTime? ConsentAt { get; init; }
        public string? ConsentMethod { get; init; }
    }
}
