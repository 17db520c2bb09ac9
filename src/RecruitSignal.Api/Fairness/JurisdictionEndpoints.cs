using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.ApiDocs;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Fairness;

/// <param name="Profile">
/// <c>us-nyc</c> (NYC Local Law 144: sex, race/ethnicity, their intersection, and age band), <c>eu</c> or <c>fr</c>
/// (sex and age band only). Default <c>eu</c>.
/// </param>
public sealed record JurisdictionSettings([property: WireValues("JurisdictionProfile", Jurisdictions.UsNyc, Jurisdictions.Eu, Jurisdictions.Fr)] string? Profile);

public sealed class JurisdictionSettingsValidator : AbstractValidator<JurisdictionSettings>
{
    public JurisdictionSettingsValidator() =>
        RuleFor(x => x.Profile).Must(p => p is Jurisdictions.UsNyc or Jurisdictions.Eu or Jurisdictions.Fr)
            .WithMessage("'profile' is 'us-nyc', 'eu' or 'fr'.");
}

/// <summary>Which categories a tenant may collect at all, by the law it works under.</summary>
public static class Jurisdictions
{
    public const string UsNyc = "us-nyc";
    public const string Eu = "eu";
    public const string Fr = "fr";
    public const string Default = Eu;

    /// <summary>The tenant's profile, or null for the default.</summary>
    public const string ProfileSql = "select jurisdiction from tenant_settings where tenant_id = @tenantId";

    public static bool CollectsRaceEthnicity(string profile) => profile == UsNyc;

    /// <summary>Why race or ethnicity is refused under <paramref name="profile"/>, in the words of the problem an ATS reads.</summary>
    public static string WhyNoRaceEthnicity(string profile) =>
        $"The tenant's jurisdiction profile is '{profile}', which collects sex and age band only. Race and ethnicity are special-category " +
        "data under the GDPR (Art 9), and French law forbids recording them (Loi Informatique et Libertés, art. 6); only the 'us-nyc' " +
        "profile, made for NYC Local Law 144 bias audits, collects them. Leave 'raceEthnicity' out, or set PUT /v1/settings/jurisdiction.";
}

public static class JurisdictionEndpoints
{
    // Leaving us-nyc drops the race/ethnicity already held: what the new profile may not collect, it does not keep.
    private const string SetSql = """
        insert into tenant_settings (tenant_id, jurisdiction, updated_at) values (@tenantId, @profile, @now)
        on conflict (tenant_id) do update set jurisdiction = excluded.jurisdiction, updated_at = excluded.updated_at;
        update candidate_demographics set race_ethnicity = null, updated_at = @now
        where tenant_id = @tenantId and race_ethnicity is not null and @profile <> 'us-nyc';
        """;

    public static RouteGroupBuilder MapJurisdiction(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/settings/jurisdiction").WithTags("Fairness");
        group.MapGet("/", GetJurisdiction)
            .WithName("GetJurisdiction")
            .WithSummary("The tenant's jurisdiction profile")
            .WithDescription("Which demographic categories the tenant may collect: `eu` until set.");
        group.MapPut("/", SetJurisdiction)
            .WithName("SetJurisdiction")
            .WithSummary("Set the tenant's jurisdiction profile")
            .WithDescription("""
                `us-nyc` collects sex, race/ethnicity and age band (NYC Local Law 144 reports sex, race/ethnicity and their
                intersection); `eu` and `fr` collect sex and age band only, and refuse race/ethnicity with a problem that says why.
                Leaving `us-nyc` erases the race/ethnicity already held. Audited.
                """)
            .WithValidation<JurisdictionSettings>();
        return group;
    }

    public static void AddExamples(Microsoft.AspNetCore.OpenApi.OpenApiOptions options) =>
        ExampleSchemas.Add(options, new Dictionary<Type, object> { [typeof(JurisdictionSettings)] = new JurisdictionSettings(Jurisdictions.Fr) });

    internal static async Task<Ok<JurisdictionSettings>> GetJurisdiction(ClaimsPrincipal user, NpgsqlDataSource dataSource, CancellationToken ct) =>
        TypedResults.Ok(new JurisdictionSettings(await TenantSettings.ReadAsync(dataSource, user, Jurisdictions.ProfileSql, Jurisdictions.Default, ct)));

    internal static async Task<Ok<JurisdictionSettings>> SetJurisdiction(
        JurisdictionSettings request, ClaimsPrincipal user, NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        await TenantSettings.WriteAsync(dataSource, audit, clock, user, SetSql, new { profile = request.Profile }, AuditAction.JurisdictionChanged, "jurisdiction", ct);
        return TypedResults.Ok(request);
    }
}
