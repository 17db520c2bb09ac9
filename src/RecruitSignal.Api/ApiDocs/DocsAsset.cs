using System.IO.Compression;
using System.Reflection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace RecruitSignal.ApiDocs;

/// <summary>
/// One of Scalar's assets. The package embeds them gzip-compressed: served as they are, without
/// <c>Content-Encoding</c>, a browser ran the compressed bytes as JavaScript and /docs stayed blank. So the
/// compressed bytes go, with <c>Content-Encoding: gzip</c>, only to a client that accepts gzip, and the
/// bytes decompressed once at start-up to every other; <c>Vary: Accept-Encoding</c> keeps caches from mixing them.
/// </summary>
internal sealed class DocsAsset
{
    private readonly byte[] _plain;
    private readonly byte[]? _gzip;
    private readonly string _contentType;

    private DocsAsset(byte[] plain, byte[]? gzip, string contentType) => (_plain, _gzip, _contentType) = (plain, gzip, contentType);

    public static DocsAsset Read(Assembly assembly, string resource, string contentType)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Scalar.AspNetCore no longer embeds '{resource}'; update DocsPage.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        return IsGzip(bytes) ? new DocsAsset(Decompress(bytes), bytes, contentType) : new DocsAsset(bytes, null, contentType);
    }

    public FileContentHttpResult Serve(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "public, max-age=86400";
        if (_gzip is null)
        {
            return TypedResults.Bytes(_plain, _contentType);
        }

        headers.Vary = HeaderNames.AcceptEncoding;
        if (AcceptsGzip(context.Request))
        {
            headers.ContentEncoding = "gzip";
            return TypedResults.Bytes(_gzip, _contentType);
        }

        return TypedResults.Bytes(_plain, _contentType);
    }

    /// <summary>RFC 9110 12.5.3: gzip named with a quality above 0, or not named and '*' accepted.</summary>
    internal static bool AcceptsGzip(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().AcceptEncoding;
        var gzip = accepted.FirstOrDefault(value => value.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase));
        var chosen = gzip ?? accepted.FirstOrDefault(value => value.Value.Equals("*", StringComparison.Ordinal));
        return chosen is not null && (chosen.Quality ?? 1) > 0;
    }

    private static bool IsGzip(byte[] bytes) => bytes is [0x1f, 0x8b, 0x08, ..];

    private static byte[] Decompress(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
