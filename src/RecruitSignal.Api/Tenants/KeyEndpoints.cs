using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Tenants;

public static class KeyEndpoints
{
    public static RouteGroupBuilder MapKeys(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/keys").WithTags("API keys");

        group.MapPost("/", Create)
            .WithName("CreateApiKey")
            .WithSummary("Create an API key")
            .WithDescription("""
                Makes a key of the tenant with a name, its scopes and an optional expiry. The answer holds the key
                itself, shown this once (only its hash is stored). To rotate a key without downtime: create the new
                one, deploy it, then revoke the old one (the command line's `keys rotate` does the first step and
                lets the old key expire after an overlap).
                """)
            .Accepts<CreateKeyRequest>("application/json")
            .WithValidation<CreateKeyRequest>();

        group.MapGet("/", List)
            .WithName("ListApiKeys")
            .WithSummary("List the tenant's API keys")
            .WithDescription("Every key of the tenant, oldest first, with its scopes, status, expiry and last use; never a secret.");

        group.MapDelete("/{id:guid}", Revoke)
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key")
            .WithDescription("""
                The key stops working on every replica within a second. Revoking a revoked key changes nothing.
                A key may revoke itself; the command line can always make a new admin key.
                """)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }

    internal static async Task<Created<CreatedApiKey>> Create(
        CreateKeyRequest request, ClaimsPrincipal user, ApiKeyStore keys, TimeProvider clock, CancellationToken ct)
    {
        var (row, value) = await keys.CreateAsync(user.TenantId(), request.Name!.Trim(), request.Scopes!.Distinct().ToList(), request.ExpiresAt, ct);
        return TypedResults.Created($"/v1/keys/{row.Id}", new CreatedApiKey(ApiKeyResponse.Of(row, clock.GetUtcNow()), value));
    }

    internal static async Task<Ok<ApiKeyList>> List(ClaimsPrincipal user, ApiKeyStore keys, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return TypedResults.Ok(new ApiKeyList((await keys.ListAsync(user.TenantId(), ct)).Select(row => ApiKeyResponse.Of(row, now)).ToList()));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Revoke(Guid id, ClaimsPrincipal user, ApiKeyStore keys, CancellationToken ct) =>
        await keys.RevokeAsync(user.TenantId(), id, ct) is null ? Problems.NotFound("API key", id) : TypedResults.NoContent();
}
