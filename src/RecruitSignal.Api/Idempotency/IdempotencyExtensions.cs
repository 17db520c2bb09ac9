using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using RecruitSignal.ApiDocs;

namespace RecruitSignal.Idempotency;

public static class IdempotencyExtensions
{
    public static IHostApplicationBuilder AddIdempotency(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddScoped<RequestTransaction>();
        builder.Services.AddHostedService<IdempotencyPurger>();
        builder.Services.Configure<OpenApiOptions>("v1", options => options.AddOperationTransformer(DocumentHeader));
        return builder;
    }

    /// <summary>
    /// Runs the endpoint in a request transaction (<see cref="RequestTransaction"/>) and honours an
    /// Idempotency-Key header over its <typeparamref name="TBody"/> body.
    /// </summary>
    public static RouteHandlerBuilder WithIdempotency<TBody>(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<IdempotencyFilter<TBody>>()
            .WithMetadata(new IdempotentMetadata())
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithResponseHeader("2XX", ReplayResult.ReplayedHeader, "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.")
            .WithResponseHeader("409", HeaderNames.RetryAfter, "Seconds to wait: the first request with this `Idempotency-Key` is still running.");

    /// <summary>
    /// The endpoint claims its Idempotency-Key itself, through <see cref="RequestTransaction.Claim"/>: in its one batch
    /// when it writes in one, else before its first write. The filter then claims nothing ahead of the handler.
    /// </summary>
    public static RouteHandlerBuilder ClaimsIdempotencyKeyInItsBatch(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new ClaimsKeyInItsBatch());

    private static Task DocumentHeader(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotentMetadata>().Any())
        {
            return Task.CompletedTask;
        }

        var retention = context.ApplicationServices.GetRequiredService<IOptions<IdempotencyOptions>>().Value.Retention;
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyOptions.Header,
            In = ParameterLocation.Header,
            Required = false,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyOptions.MaxKeyLength },
            Description = $"""
                Makes retries safe: a unique key per request (a UUID, say), at most {IdempotencyOptions.MaxKeyLength} characters.
                A retry with the same key and the same body within **{retention.TotalHours:0.##} hours** gets the first answer
                replayed (same status, body and `Location`, plus `Idempotent-Replayed: true`) and writes nothing.
                The same key with another body, or on another endpoint, answers 422; the path is compared as the
                endpoint it reaches, so its case and a trailing slash do not make another request. A retry while the
                first request still runs answers 409 with `Retry-After`. Keys are per tenant and are forgotten after
                the retention period. Secrets shown once (a webhook's `secret`) are `null` in a replay.
                """,
        });
        return Task.CompletedTask;
    }
}

/// <summary>Marks endpoints that claim their Idempotency-Key themselves (<see cref="IdempotencyClaim"/>).</summary>
public sealed class ClaimsKeyInItsBatch;

/// <summary>Marks endpoints that honour Idempotency-Key, for the OpenAPI document.</summary>
public sealed class IdempotentMetadata;

/// <summary>An answer holding a secret shown once: its replays under an Idempotency-Key leave the secret out.</summary>
public interface IShownOnce
{
    /// <summary>The same answer with every one-time secret set to null.</summary>
    object WithoutSecrets();
}
