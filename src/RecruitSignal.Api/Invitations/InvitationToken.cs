using System.Security.Cryptography;
using System.Text;

namespace RecruitSignal.Invitations;

/// <summary>
/// The secret of an invitation link: 32 random bytes (256 bits) in base64url. Only its SHA-256 is stored, so a copy
/// of the database opens no invitation. The same shape serves the OAuth state of "Sign in with X".
/// </summary>
public static class InvitationToken
{
    public static string New() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Any string hashes, well-formed or not, so an unknown token costs the same lookup as a real one.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
