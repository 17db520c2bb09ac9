namespace RecruitSignal.Infrastructure;

/// <summary>The shared rules of keyset-paged listings: newest first by (created_at, id), no OFFSET.</summary>
public static class Paging
{
    public static IHostApplicationBuilder AddPaging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Cursors>();
        return builder;
    }

    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Checks limit and cursor; adds to <paramref name="errors"/> what is wrong.</summary>
    public static (DateTime? CreatedAt, Guid? Id) ReadPosition(
        Cursors cursors, Guid tenantId, string scope, int? limit, string? cursor, Dictionary<string, string[]> errors)
    {
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"'limit' is from 1 to {MaxLimit}."];
        }

        if (string.IsNullOrEmpty(cursor))
        {
            return (null, null);
        }

        if (cursors.TryDecode(cursor, tenantId, scope, out var createdAt, out var id))
        {
            return (createdAt, id);
        }

        errors["cursor"] = ["The cursor is not one this listing gave out with these filters; start again without it."];
        return (null, null);
    }

    /// <summary>Rows were read with limit + 1: the extra one says another page exists.</summary>
    public static (List<T> Page, string? Next) Cut<T>(
        Cursors cursors, List<T> rows, int limit, Guid tenantId, string scope, Func<T, (DateTime CreatedAt, Guid Id)> key)
    {
        if (rows.Count <= limit)
        {
            return (rows, null);
        }

        var page = rows[..limit];
        var (createdAt, id) = key(page[^1]);
        return (page, cursors.Encode(tenantId, scope, createdAt, id));
    }
}
