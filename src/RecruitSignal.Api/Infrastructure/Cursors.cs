using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace RecruitSignal.Infrastructure;

/// <summary>
/// Opaque keyset-paging cursors: the (created_at, id) of the last row of a page and a hash of the listing and
/// its filters, encrypted and authenticated with the Data Protection key ring (kept in PostgreSQL, shared by
/// every replica, encrypted at rest with DataProtection__KeyEncryptionKey when set), under a purpose that names
/// the tenant. So no key is in the source, the tenant's id is in no cursor, and an edited, truncated or borrowed
/// cursor (another tenant's, another listing's, other filters') is refused.
/// </summary>
public sealed class Cursors(IDataProtectionProvider dataProtection)
{
    private const int PayloadLength = 8 + 8 + 16;
    private const int MaxCursorLength = 512;

    private readonly IDataProtector _protector = dataProtection.CreateProtector("RecruitSignal.Paging.Cursor.v2");

    public string Encode(Guid tenantId, string scope, DateTime createdAt, Guid id) => Encode(tenantId, scope, createdAt.Ticks, id);

    /// <summary>A cursor on a whole-number key (a listing's commit-order position) instead of a time.</summary>
    public string Encode(Guid tenantId, string scope, long key, Guid id)
    {
        var payload = new byte[PayloadLength];
        ScopeHash(scope).CopyTo(payload.AsSpan(0, 8));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(8, 8), key);
        id.TryWriteBytes(payload.AsSpan(16, 16));
        return Base64Url.EncodeToString(ForTenant(tenantId).Protect(payload));
    }

    /// <param name="scope">The listing and its filters, e.g. "assessments?band=strong"; a cursor only works for the scope it came from.</param>
    public bool TryDecode(string cursor, Guid tenantId, string scope, out DateTime createdAt, out Guid id)
    {
        createdAt = default;
        if (!TryDecode(cursor, tenantId, scope, out long ticks, out id) || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        createdAt = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }

    public bool TryDecode(string cursor, Guid tenantId, string scope, out long key, out Guid id)
    {
        (key, id) = (default, default);
        if (cursor.Length > MaxCursorLength || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        byte[] payload;
        try
        {
            payload = ForTenant(tenantId).Unprotect(Base64Url.DecodeFromChars(cursor));
        }
        catch (CryptographicException)
        {
            return false; // edited, truncated, another tenant's, or sealed with a key that was revoked
        }

        if (payload.Length != PayloadLength || !payload.AsSpan(0, 8).SequenceEqual(ScopeHash(scope)))
        {
            return false;
        }

        (key, id) = (BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(8, 8)), new Guid(payload.AsSpan(16, 16)));
        return true;
    }

    private IDataProtector ForTenant(Guid tenantId) => _protector.CreateProtector(tenantId.ToString("N"));

    private static byte[] ScopeHash(string scope) => SHA256.HashData(Encoding.UTF8.GetBytes(scope))[..8];
}
