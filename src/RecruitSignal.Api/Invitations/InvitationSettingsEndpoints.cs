using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.CandidatePages;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Invitations;

/// <param name="Language"><c>fr</c> or <c>en</c>: the language of invitations created without one (default <c>en</c>).</param>
public sealed record InvitationSettings(string? Language);

public sealed class InvitationSettingsValidator : AbstractValidator<InvitationSettings>
{
    public InvitationSettingsValidator()
    {
        RuleFor(x => x.Language).NotEmpty().WithMessage("'language' is required: 'fr' or 'en'.");
        RuleFor(x => x.Language).Must(language => Texts.TryOf(language) is not null).When(x => !string.IsNullOrEmpty(x.Language))
            .WithMessage("'language' is 'fr' or 'en'.");
    }
}

public static class InvitationSettingsEndpoints
{
    public const string DefaultLanguage = "en";

    /// <summary>The tenant's invitation language, for invitations created without one.</summary>
    public const string LanguageSql = "select invitation_language from tenant_settings where tenant_id = @tenantId";

    private const string SetSql = """
        insert into tenant_settings (tenant_id, invitation_language, updated_at) values (@tenantId, @language, @now)
        on conflict (tenant_id) do update set invitation_language = excluded.invitation_language, updated_at = excluded.updated_at
        """;

    public static RouteGroupBuilder MapInvitationSettings(this IEndpointRouteBuilder v1)
    {
        var group = v1.MapGroup("/settings/invitations").WithTags("Invitations");
        group.MapGet("/", GetSettings)
            .WithName("GetInvitationSettings")
            .WithSummary("The language of invitations that name none")
            .WithDescription("`en` until set.");
        group.MapPut("/", SetSettings)
            .WithName("SetInvitationSettings")
            .WithSummary("Set the language of invitations that name none")
            .WithDescription("Invitations created without `language` (an ATS adapter's, for one) use this language for the email and the page. Audited.")
            .WithValidation<InvitationSettings>();
        return group;
    }

    internal static async Task<Ok<InvitationSettings>> GetSettings(ClaimsPrincipal user, NpgsqlDataSource dataSource, CancellationToken ct) =>
        TypedResults.Ok(new InvitationSettings(await TenantSettings.ReadAsync(dataSource, user, LanguageSql, DefaultLanguage, ct)));

    internal static async Task<Ok<InvitationSettings>> SetSettings(
        InvitationSettings request, ClaimsPrincipal user, NpgsqlDataSource dataSource, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        await TenantSettings.WriteAsync(dataSource, audit, clock, user, SetSql, new { language = request.Language }, AuditAction.InvitationSettingsChanged, "invitations", ct);
        return TypedResults.Ok(request);
    }
}
