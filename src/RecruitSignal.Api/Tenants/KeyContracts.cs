using FluentValidation;

namespace RecruitSignal.Tenants;

/// <param name="Name">What the key is for, 1 to 100 characters (for example "greenhouse-prod").</param>
/// <param name="Scopes">One or more of <c>screenings</c>, <c>read</c>, <c>admin</c>, <c>greenhouse</c>.</param>
/// <param name="ExpiresAt">When the key stops working, within ten years; null: never (until revoked).</param>
public sealed record CreateKeyRequest(string? Name, IReadOnlyList<string>? Scopes, DateTimeOffset? ExpiresAt);

/// <summary>An API key as listed: never its secret, which only its creation answer shows.</summary>
/// <param name="Prefix">The key's public part: a key reads <c>rs_{prefix}_...</c>.</param>
/// <param name="Status"><c>active</c>, <c>expired</c> or <c>revoked</c>.</param>
/// <param name="LastUsedAt">The last request made with it, to within about a minute; null if never used.</param>
public sealed record ApiKeyResponse(
    Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse Of(ApiKeyRow row, DateTimeOffset now) => new(
        row.Id, row.Name, row.Prefix, row.Scopes,
        row.RevokedAt is not null ? "revoked" : Utc(row.ExpiresAt) <= now ? "expired" : "active",
        Utc(row.CreatedAt)!.Value, Utc(row.ExpiresAt), Utc(row.LastUsedAt), Utc(row.RevokedAt));

    private static DateTimeOffset? Utc(DateTime? value) => value is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}

/// <param name="Key">The key itself, shown this once: only its SHA-256 hash is stored.</param>
public sealed record CreatedApiKey(ApiKeyResponse ApiKey, string Key);

public sealed record ApiKeyList(IReadOnlyList<ApiKeyResponse> Items);

public sealed class CreateKeyRequestValidator : AbstractValidator<CreateKeyRequest>
{
    public CreateKeyRequestValidator(TimeProvider clock)
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("'name' is required.")
            .MaximumLength(100).WithMessage("'name' has at most 100 characters.")
            .Must(name => name is null || !name.Any(char.IsControl)).WithMessage("'name' cannot hold control characters.");
        RuleFor(x => x.Scopes).NotEmpty().WithMessage($"'scopes' lists one or more of {string.Join(", ", ApiScopes.All)}.");
        RuleForEach(x => x.Scopes).Must(scope => scope is not null && ApiScopes.IsKnown(scope))
            .WithMessage($"Unknown scope: use {string.Join(", ", ApiScopes.All)}.");
        RuleFor(x => x.ExpiresAt).Must(at => at is null || (at > clock.GetUtcNow() && at < clock.GetUtcNow().AddYears(10)))
            .WithMessage("'expiresAt' is in the future and within ten years, or null for no expiry.");
    }
}
