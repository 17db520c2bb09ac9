using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using RecruitSignal.ApiDocs;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Presence.X;

/// <param name="MonthlyReads">X API reads the tenant may make per calendar month (UTC), 0 to 100,000,000; null: the service's cap (<c>XApi__MonthlyReadsPerTenant</c>).</param>
public sealed record XReadCapRequest(int? MonthlyReads);

/// <summary>The tenant's X reads this month and its cap.</summary>
/// <param name="Month">The month counted, <c>2026-12</c> (UTC).</param>
/// <param name="Reads">Calls made to X for the tenant this month: a user lookup, or one page of 100 posts.</param>
/// <param name="MonthlyReads">The cap in force, or null for none.</param>
/// <param name="CapSource"><c>tenant</c> (set here), <c>service</c> (<c>XApi__MonthlyReadsPerTenant</c>) or <c>none</c>.</param>
/// <param name="Remaining">Reads left this month, or null without a cap. At 0, lookups wait with status <c>budget_exhausted</c>.</param>
public sealed record XReadBudgetResponse(string Month, int Reads, int? MonthlyReads, string CapSource, int? Remaining)
{
    public static XReadBudgetResponse Of(XReadUsage usage) =>
        new(usage.Month.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), usage.Reads, usage.Cap, usage.CapSource, usage.Remaining);
}

public sealed class XReadCapRequestValidator : AbstractValidator<XReadCapRequest>
{
    public XReadCapRequestValidator()
    {
        RuleFor(x => x.MonthlyReads).InclusiveBetween(0, 100_000_000).When(x => x.MonthlyReads is not null)
            .WithMessage("'monthlyReads' is from 0 to 100000000, or null for the service's cap.");
    }
}

public static class XReadBudgetEndpoints
{
    public static IHostApplicationBuilder AddXReadBudget(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<XReadBudget>();
        builder.Services.Configure<OpenApiOptions>("v1", options => ExampleSchemas.Add(options, new Dictionary<Type, object>
        {
            [typeof(XReadCapRequest)] = new XReadCapRequest(5000),
            [typeof(XReadBudgetResponse)] = new XReadBudgetResponse("2026-11", 1290, 5000, "tenant", 3710),
        }));
        return builder;
    }

    public static RouteGroupBuilder MapXReadBudget(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/settings/x-reads").WithTags("X API budget");
        group.MapGet("/", Get)
            .WithName("GetXReadBudget")
            .WithSummary("The tenant's X API reads this month and its cap")
            .WithDescription("Every call made to X for the tenant counts one read: 1 user lookup, plus 1 per page of 100 posts read.");
        group.MapPut("/", Set)
            .WithName("SetXReadBudget")
            .WithSummary("Set the tenant's monthly cap of X API reads")
            .WithDescription("""
                When the month's reads are used up, lookups are not sent to X: they wait with status `budget_exhausted`
                (reason `X_READ_BUDGET_EXHAUSTED`) and resume by themselves at the next month (UTC) or as soon as a higher
                cap leaves reads. `null` goes back to the service's cap.
                """)
            .Accepts<XReadCapRequest>("application/json")
            .WithValidation<XReadCapRequest>();
        return group;
    }

    internal static async Task<Ok<XReadBudgetResponse>> Get(ClaimsPrincipal user, XReadBudget budget, CancellationToken ct) =>
        TypedResults.Ok(XReadBudgetResponse.Of(await budget.UsageAsync(user.TenantId(), ct)));

    internal static async Task<Ok<XReadBudgetResponse>> Set(XReadCapRequest request, ClaimsPrincipal user, XReadBudget budget, CancellationToken ct)
    {
        await budget.SetCapAsync(user.TenantId(), request.MonthlyReads, ct);
        return TypedResults.Ok(XReadBudgetResponse.Of(await budget.UsageAsync(user.TenantId(), ct)));
    }
}
