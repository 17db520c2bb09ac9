using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi;

namespace RecruitSignal.Integrations;

/// <summary>
/// How an ATS is told no: the body (and status) its own contract gives refusals, in place of the RFC 9457 problem the
/// rest of the service answers. Set on an adapter's group with <see cref="AtsErrors.WithAtsErrors"/>; every refusal of
/// its calls then takes this shape, whoever made it (the handler, the validator, or the JSON reader on a malformed
/// body), except the shared refusals of authentication, rate limits and a non-JSON body (401, 403, 415, 429), which stay problems.
/// </summary>
public abstract class AtsErrorShape
{
    /// <summary>The adapter's routes, as the OpenAPI document writes them (<c>/integrations/workable/</c>).</summary>
    public abstract string PathPrefix { get; }

    /// <summary>The status the ATS expects for what the service would answer with <paramref name="status"/>.</summary>
    public virtual int StatusFor(int status) => status;

    /// <summary>The body of a refusal: one line a person reads, and the messages of each field by its JSON path, when a field is to blame.</summary>
    public abstract object Body(int status, string message, IDictionary<string, string[]>? fields);

    /// <summary>The body's schema, for the OpenAPI document, where it is a component of this name.</summary>
    public abstract OpenApiSchema Schema();

    public abstract string SchemaName { get; }

    /// <summary>Documents a status as the ATS would read it (Ashby: its 422), or leaves the document's as it is.</summary>
    public virtual void Document(OpenApiResponses responses)
    {
    }
}

public static class AtsErrors
{
    /// <summary>
    /// Refusals of these statuses stay RFC 9457 problems on an adapter's routes too: authentication and rate limits, and a
    /// body that is not JSON (415, refused by routing), answer before any adapter.
    /// </summary>
    public static bool Reshaped(int status) => status >= 400 && status is not (401 or 403 or 405 or 415 or 429);

    /// <summary>Every refusal of the group's calls in the ATS's shape (<see cref="AtsErrorShape"/>), on the wire and in the document.</summary>
    public static TBuilder WithAtsErrors<TBuilder>(this TBuilder group, AtsErrorShape shape) where TBuilder : IEndpointConventionBuilder =>
        group.WithMetadata(shape);

    public static IServiceCollection AddAtsErrors(this IServiceCollection services, AtsErrorShape shape)
    {
        // First among the writers, so that it is asked before the default problem+json one.
        if (!services.Any(s => s.ImplementationType == typeof(AtsProblemWriter)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, AtsProblemWriter>());
        }

        services.Configure<OpenApiOptions>("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[shape.SchemaName] = shape.Schema();
            foreach (var (path, item) in document.Paths ?? [])
            {
                if (!path.StartsWith(shape.PathPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var operation in (item.Operations ?? []).Values)
                {
                    operation.Responses ??= new OpenApiResponses();
                    shape.Document(operation.Responses);
                    foreach (var (status, response) in operation.Responses.Where(r => int.TryParse(r.Key, out var s) && Reshaped(s) && r.Key != "431"))
                    {
                        ((OpenApiResponse)response).Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference(shape.SchemaName, document) } };
                    }
                }
            }

            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>
    /// "candidate.email: 'email' is not an email address." for one field; the problem's title and detail when no field is
    /// named; the status's reason phrase when the problem has neither (a body over the size limit, refused by the server).
    /// </summary>
    internal static string Message(ProblemDetails problem, IDictionary<string, string[]>? fields, int status) =>
        fields is { Count: > 0 }
            ? string.Join(" ", fields.Select(f => $"{f.Key}: {string.Join(" ", f.Value)}"))
            : string.Join(" ", new[] { problem.Title, problem.Detail }.Where(t => !string.IsNullOrWhiteSpace(t))) is { Length: > 0 } said
                ? said
                : Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason ? reason : $"Refused ({status}).";
}

/// <summary>Writes the problems of an adapter's routes in its ATS's shape; every other route keeps RFC 9457.</summary>
internal sealed class AtsProblemWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) =>
        ShapeOf(context.HttpContext) is not null && AtsErrors.Reshaped(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode);

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var (http, problem) = (context.HttpContext, context.ProblemDetails);
        var shape = ShapeOf(http)!;
        var status = problem.Status ?? http.Response.StatusCode;
        var fields = (problem as HttpValidationProblemDetails)?.Errors;
        http.Response.StatusCode = shape.StatusFor(status);
        var body = shape.Body(status, AtsErrors.Message(problem, fields, status), fields);
        return new ValueTask(http.Response.WriteAsJsonAsync(body, body.GetType(), options: null, contentType: "application/json; charset=utf-8", http.RequestAborted));
    }

    // The exception handler clears the endpoint before a malformed body's problem is written; its feature keeps it.
    private static AtsErrorShape? ShapeOf(HttpContext http) =>
        (http.GetEndpoint() ?? http.Features.Get<IExceptionHandlerFeature>()?.Endpoint)?.Metadata.GetMetadata<AtsErrorShape>();
}
