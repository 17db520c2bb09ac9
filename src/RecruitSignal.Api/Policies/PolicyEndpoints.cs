using System.ComponentModel;
using FluentValidation;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using RecruitSignal.ApiDocs;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Policies;

public static class PolicyEndpoints
{
    public static IHostApplicationBuilder AddPolicies(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PolicyStore>();
        return builder;
    }

    public static RouteGroupBuilder MapPolicies(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/policies").WithTags("Policies");

        group.MapGet("/", ListPolicies)
            .WithName("ListPolicies")
            .WithSummary("List the scoring policies this tenant can use")
            .WithDescription("The built-in policies (`default@1`) and the tenant's own, each with its parameters, and which one is active.");

        group.MapPost("/", CreatePolicy)
            .WithName("CreatePolicy")
            .WithSummary("Create a scoring policy")
            .WithDescription("""
                Stores a new immutable policy under the version `name@revision` (the next revision of that name).
                Weights sum to 100 (`followers` stays 0), thresholds are in range, bands descend
                (strong > moderate > weak >= 1). `absence: not_applicable` leaves a candidate without an account
                unscored (tier `absent`, score null, band `unknown`, reason `ABSENCE_NOT_SCORED`) instead of scoring 0.
                Creating a policy does not activate it and changes no stored assessment.
                """)
            .WithValidation<PolicyRequest>();

        group.MapPut("/active", SetActivePolicy)
            .WithName("SetActivePolicy")
            .WithSummary("Choose the policy screenings use by default")
            .WithDescription("Screenings that name no `policyVersion` use this one from now on. Past assessments keep theirs.")
            .WithValidation<ActivePolicyRequest>();

        group.MapGet("/{version}/documentation", GetPolicyDocumentation)
            .WithName("GetPolicyDocumentation")
            .WithSummary("A policy's logic in words, in English or French")
            .WithDescription("""
                Every rule of the policy in sentences, for the deployer's file (EU AI Act Art 13, Annex IV): the presence
                tiers with their thresholds, what the active-presence answer requires, every factor with its weight and
                where it reaches its full points, the bands, and how no account and refusals are treated. Written from
                the policy's own parameters, so a new version is described as it scores. `language` is `en` (default) or
                `fr`, echoed in `Content-Language`. A version that is not the tenant's answers 404.
                """)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseHeader("200", HeaderNames.ContentLanguage, "The language of the documentation: `en` or `fr`.", required: true);

        return group;
    }

    internal static async Task<Results<Ok<PolicyDocumentation>, ValidationProblem, ProblemHttpResult>> GetPolicyDocumentation(
        [Description("A version listed by `GET /v1/policies`, e.g. `default@1`.")] string version,
        [Description("`en` (default) or `fr`."), WireValues("PolicyDocumentationLanguage", "en", "fr")] string? language,
        HttpContext context, ClaimsPrincipal user, PolicyStore policies, CancellationToken ct)
    {
        if (language is not (null or "en" or "fr"))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["language"] = ["'language' is 'en' or 'fr'."] }, title: "The request is not valid.");
        }

        if (version.Length > PolicyValidator.MaxVersionLength || await policies.FindAsync(user.TenantId(), version, ct) is not { } policy)
        {
            return Problems.NotFound("policy", version);
        }

        var words = PolicyWords.Of(language);
        context.Response.Headers[HeaderNames.ContentLanguage] = words.Code;
        return TypedResults.Ok(PolicyDescriber.Describe(policy, words));
    }

    internal static async Task<Ok<PolicyList>> ListPolicies(ClaimsPrincipal user, PolicyStore policies, CancellationToken ct) =>
        TypedResults.Ok(await policies.ListAsync(user.TenantId(), ct));

    internal static async Task<Created<PolicyResponse>> CreatePolicy(
        PolicyRequest request, ClaimsPrincipal user, PolicyStore policies, CancellationToken ct)
    {
        var policy = await policies.CreateAsync(user.TenantId(), user.ApiKeyId(), request, ct);
        return TypedResults.Created("/v1/policies", policy);
    }

    internal static async Task<Results<Ok<PolicyResponse>, ValidationProblem>> SetActivePolicy(
        ActivePolicyRequest request, ClaimsPrincipal user, PolicyStore policies, CancellationToken ct)
    {
        var policy = await policies.SetActiveAsync(user.TenantId(), user.ApiKeyId(), request.Version!, ct);
        return policy is null ? UnknownVersion("version", request.Version!) : TypedResults.Ok(policy);
    }

    /// <summary>The same answer for a version that never existed and one of another tenant.</summary>
    public static ValidationProblem UnknownVersion(string field, string version) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { [field] = [UnknownVersionMessage(version)] },
        title: "The request is not valid.");

    public static string UnknownVersionMessage(string version) => $"There is no policy '{version}' for this tenant; GET /v1/policies lists them.";
}

public sealed class ActivePolicyRequestValidator : AbstractValidator<ActivePolicyRequest>
{
    public ActivePolicyRequestValidator()
    {
        RuleFor(x => x.Version).NotEmpty().WithMessage("'version' is required.").MaximumLength(PolicyValidator.MaxVersionLength);
    }
}
