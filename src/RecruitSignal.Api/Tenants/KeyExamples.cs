using Microsoft.AspNetCore.OpenApi;
using RecruitSignal.ApiDocs;

namespace RecruitSignal.Tenants;

/// <summary>The examples of /v1/keys in the OpenAPI document: an integration key made for Greenhouse, then listed.</summary>
internal static class KeyExamples
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 11, 20, 8, 30, 0, TimeSpan.Zero);

    public static CreateKeyRequest Create { get; } = new("greenhouse-prod", [ApiScopes.Greenhouse, ApiScopes.Read], CreatedAt.AddYears(1));

    public static ApiKeyResponse Made { get; } = new(Guid.Parse("019aa0c4-1e30-7b21-9a10-4c5d6e7f8091"), "greenhouse-prod", "Gh7kQ2pX",
        [ApiScopes.Read, ApiScopes.Greenhouse], "active", CreatedAt, CreatedAt.AddYears(1), null, null);

    public static ApiKeyResponse Owner { get; } = new(Guid.Parse("019a1d07-6f00-7b11-9c22-3d44e5f60718"), "owner", "Ab3dE6gH",
        ApiScopes.All, "active", new DateTimeOffset(2026, 9, 1, 7, 0, 0, TimeSpan.Zero), null, CreatedAt.AddMinutes(-3), null);

    private static readonly Dictionary<Type, object> ByType = new()
    {
        [typeof(CreateKeyRequest)] = Create,
        [typeof(CreatedApiKey)] = new CreatedApiKey(Made, "rs_Gh7kQ2pX_3q9ZL0mYw1Tt8vR2cKpN5bXeJ4hU6sDfA7gQiW0oE1n"),
        [typeof(ApiKeyList)] = new ApiKeyList([Owner, Made]),
    };

    public static void Register(OpenApiOptions options) => ExampleSchemas.Add(options, ByType);
}
