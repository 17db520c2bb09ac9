namespace RecruitSignal.Infrastructure;

/// <summary>The shared rules of keyset-paged listings: newest first by (created_at, id) or by commit position, no OFFSET.</summary>
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
        if (!IsWellFormed(limit, cursor, errors))
        {
            return (null, null);
        }

        if (cursors.TryDecode(cursor!, tenantId, scope, out DateTime createdAt, out var id))
        {
            return (createdAt, id);
        }

        errors["cursor"] = BadCursor;
        return (null, null);
    }

    /// <summary>
    /// The same for listings ordered by commit position (list_position, see db/migrations/0072_changes.sql): a row
    /// committed while a client pages gets a position above every other, so it never lands among the rows still
    /// to come or those already read.
    /// </summary>
    public static long? ReadListPosition(
        Cursors cursors, Guid tenantId, string scope, int? limit, string? cursor, Dictionary<string, string[]> errors)
    {
        if (!IsWellFormed(limit, cursor, errors))
        {
            return null;
        }

        if (cursors.TryDecode(cursor!, tenantId, scope, out long position, out _))
        {
            return position;
        }

        errors["cursor"] = BadCursor;
        return null;
    }

    public static (List<T> Page, string? Next) CutByListPosition<T>(
        Cursors cursors, List<T> rows, int limit, Guid tenantId, string scope, Func<T, (long Position, Guid Id)> key)
    {
        if (rows.Count <= limit)
        {
            return (rows, null);
        }

        var page = rows[..limit];
        var (position, id) = key(page[^1]);
        return (page, cursors.Encode(tenantId, scope, position, id));
    }

    private static readonly string[] BadCursor = ["The cursor is not one this listing gave out with these filters; start again without it."];

    // False when there is no cursor to read (none sent); a bad limit is reported either way.
    private static bool IsWellFormed(int? limit, string? cursor, Dictionary<string, string[]> errors)
    {
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"'limit' is from 1 to {MaxLimit}."];
        }

        return !string.IsNullOrEmpty(cursor);
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
