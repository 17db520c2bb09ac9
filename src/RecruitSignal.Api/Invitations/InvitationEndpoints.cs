using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.CandidatePages;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Invitations;

public static class InvitationEndpoints
{
    public static IHostApplicationBuilder AddInvitations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<InvitationService>();
        builder.Services.AddSingleton<InvitationStore>();
        builder.Services.AddSingleton<InvitationEmailSender>();
        builder.Services.AddHostedService(services => services.GetRequiredService<InvitationEmailSender>());
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => o.AddSchemaTransformer(InvitationExamples.AddToSchema));
        builder.AddCandidatePages();
        return builder;
    }

    public static IEndpointRouteBuilder MapInvitations(this IEndpointRouteBuilder v1)
    {
        v1.MapPost("/candidates/{id:guid}/invitations", CreateInvitation)
            .WithTags("Invitations")
            .WithName("CreateInvitation")
            .WithSummary("Invite the candidate to give, prove or refuse their X account themselves")
            .WithDescription("""
                Creates a single-use link to a page, in French or English, where the candidate reads what would be read and
                why, then signs in with X (`ownership: verified`), types their username (`claimed`), says they have no account,
                or refuses. Their answer records their consent and makes a new assessment through the usual screening path;
                `invitation.completed` / `invitation.declined` webhooks tell you when.

                The link holds a 256-bit random token, stored only as a hash: it is shown in this answer and in the email,
                never again. With `sendEmail` (default true) and an SMTP server configured, the email is queued in the same
                transaction and sent in the background with retries: `emailSent: true` means queued;
                `GET /v1/invitations/{id}` shows its delivery. Without `Smtp__Host` nothing is sent (`emailSent: false`) and
                you pass the link on. Not covered by `Idempotency-Key`: a stored answer would hold the link.
                """)
            .Accepts<CreateInvitationRequest>("application/json")
            .WithValidation<CreateInvitationRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        var group = v1.MapGroup("/invitations").WithTags("Invitations");
        group.MapGet("/{id:guid}", GetInvitation)
            .WithName("GetInvitation")
            .WithSummary("Where an invitation stands")
            .WithDescription("Its status (a pending or opened invitation past its expiry reads `expired`), the candidate's answer, and the email's delivery. The link is not shown again. Another tenant's id answers 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}", CancelInvitation)
            .WithName("CancelInvitation")
            .WithSummary("Cancel an invitation")
            .WithDescription("The link stops working at once (the candidate sees that the invitation was withdrawn) and an unsent email is not sent. 204, again 204 when repeated; 409 once the candidate has answered or the link has expired.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapInvitationSettings();
        return v1;
    }

    internal static async Task<Results<Created<CreatedInvitation>, ValidationProblem, ProblemHttpResult>> CreateInvitation(
        Guid id, CreateInvitationRequest request, ClaimsPrincipal user, NpgsqlDataSource dataSource, InvitationService invitations, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (outcome, created) = await invitations.CreateAsync(connection, transaction, user.TenantId(), id, request.Language,
            request.Email, request.SendEmail ?? true, request.ExpiresInDays ?? CreateInvitationValidator.DefaultExpiresInDays, user.ApiKeyId(), ct);
        switch (outcome)
        {
            case InvitationCreation.CandidateNotFound:
                return Problems.NotFound("candidate", id);
            case InvitationCreation.NoEmailAddress:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["email"] = ["The candidate has no email address: give 'email', or set 'sendEmail' to false and pass the link on yourself."],
                }, title: "The request is not valid.");
        }

        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/v1/invitations/{created!.Id}", created);
    }

    internal static async Task<Results<Ok<InvitationResponse>, ProblemHttpResult>> GetInvitation(
        Guid id, ClaimsPrincipal user, InvitationStore invitations, CancellationToken ct)
    {
        var invitation = await invitations.FindAsync(user.TenantId(), id, ct);
        return invitation is null ? Problems.NotFound("invitation", id) : TypedResults.Ok(invitation);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> CancelInvitation(
        Guid id, ClaimsPrincipal user, InvitationStore invitations, CancellationToken ct) =>
        await invitations.CancelAsync(user.TenantId(), user.ApiKeyId(), id, ct) switch
        {
            CancelOutcome.Cancelled => TypedResults.NoContent(),
            CancelOutcome.NotFound => Problems.NotFound("invitation", id),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The invitation has already ended.",
                detail: "The candidate has answered it, or its link has expired; GET it to see which."),
        };
}
