using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RecruitSignal.Audit;
using RecruitSignal.Database;
using RecruitSignal.Infrastructure;
using RecruitSignal.Tenants;

namespace RecruitSignal.Integrations;

/// <summary>
/// The routes every adapter maps the same way: the credential the tenant gives under /v1, the receiver of the ATS's web
/// hooks, and their secret.
/// </summary>
public static class AtsRoutes
{
    /// <summary>
    /// The group of the routes an ATS calls (<c>/integrations/{ats}</c>): its authorization, its own error shape when it
    /// has one, and deadlock or serialization victims retried as under /v1 (they write candidates and invitations that
    /// an erasure may be locking).
    /// </summary>
    public static RouteGroupBuilder MapAtsPartner(this IEndpointRouteBuilder app, string ats, string tag, string policy, AtsErrorShape? errors = null)
    {
        var group = app.MapGroup($"/integrations/{ats}").WithTags(tag).RequireAuthorization(policy).AddEndpointFilter<ContentionRetryFilter>();
        return errors is null ? group : group.WithAtsErrors(errors);
    }

    /// <summary><c>PUT /v1/integrations/{ats}</c>: the credential results go back with, kept encrypted and never shown again.</summary>
    /// <param name="credential">The credential in the request (validated by <typeparamref name="TRequest"/>'s validator).</param>
    public static RouteHandlerBuilder MapConnection<TRequest>(
        this IEndpointRouteBuilder v1, string ats, Func<TRequest, string> credential, string name, string summary, string description) =>
        v1.MapPut($"/integrations/{ats}", (TRequest request, ClaimsPrincipal user, AtsPartner partner, CancellationToken ct) =>
                partner.ConnectAsync(user, ats, credential(request), ct))
            .WithName(name)
            .WithSummary(summary)
            .WithDescription(description)
            .WithValidation<TRequest>();

    /// <summary><c>POST /integrations/{ats}/webhooks?receiver=</c>, authenticated by the body's signature only.</summary>
    /// <typeparam name="TEvent">The event as the ATS delivers it, for the document.</typeparam>
    public static RouteHandlerBuilder MapWebhookReceiver<TEvent>(this IEndpointRouteBuilder app, AtsWebhookContract contract, string name, string summary, string description)
        where TEvent : notnull =>
        app.MapPost($"/integrations/{contract.Ats}/webhooks", ([FromQuery] string? receiver, HttpContext http, AtsWebhooks webhooks, CancellationToken ct) =>
                webhooks.ReceiveAsync(http, contract, receiver, ct))
            .WithName(name)
            .WithSummary(summary)
            .WithDescription(description)
            .Accepts<TEvent>("application/json")
            .WithMetadata(new Screenings.BodySizeLimit(AtsWebhooks.MaxBodyBytes))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary><c>POST</c> and <c>DELETE {group}/webhook-secret</c>: make (or replace) the secret, stop accepting web hooks.</summary>
    /// <param name="name">The ATS as people read it, in the operations' names and summaries (<c>Greenhouse</c>).</param>
    public static RouteGroupBuilder MapWebhookSecret(this RouteGroupBuilder group, AtsWebhookContract contract, string name)
    {
        group.MapPost("/webhook-secret", async (ClaimsPrincipal user, AtsWebhooks webhooks, CancellationToken ct) =>
                TypedResults.Ok(await webhooks.SetSecretAsync(user.TenantId(), user.ApiKeyId(), contract, ct)))
            .WithName($"Set{name}WebhookSecret")
            .WithSummary($"Make (or replace) the secret {name} signs its web hooks with")
            .WithDescription($"The secret is shown in this answer only; the URL is where {name} should deliver. Replacing it makes the old secret fail at once. Audited.");
        group.MapDelete("/webhook-secret", async Task<NoContent> (ClaimsPrincipal user, AtsWebhooks webhooks, CancellationToken ct) =>
            {
                await webhooks.DeleteSecretAsync(user.TenantId(), user.ApiKeyId(), contract.Ats, ct);
                return TypedResults.NoContent();
            })
            .WithName($"Delete{name}WebhookSecret")
            .WithSummary($"Stop accepting {name} web hooks")
            .WithDescription("Deliveries answer 401 afterwards. 204, again 204 when repeated.");
        return group;
    }
}
