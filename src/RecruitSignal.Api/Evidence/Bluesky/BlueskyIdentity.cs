using DnsClient;
using Microsoft.Extensions.Options;

namespace RecruitSignal.Presence.Bluesky;

/// <summary>
/// Resolves a handle to its DID and back, as the atproto handle spec makes mandatory: the _atproto TXT record names
/// one DID, and that DID's document claims the handle first among its at:// names. Anything less names no one for
/// sure, and is <see cref="LookupFailureKind.InvalidHandle"/>, never an absent account.
/// </summary>
public sealed class BlueskyIdentity(BlueskyClient client, IOptions<BlueskyOptions> options)
{
    /// <summary>The verified DID and handle of what the candidate gave (a handle or a DID).</summary>
    public async Task<(string Did, string Handle)> VerifyAsync(BlueskyHandle given, CancellationToken ct)
    {
        if (given.IsDid)
        {
            var claimed = await ClaimedHandleAsync(given.Value, ct)
                ?? throw LookupException.InvalidHandle($"The DID {given.Value} claims no handle.");
            return await DidOfAsync(claimed, ct) == given.Value
                ? (given.Value, claimed)
                : throw LookupException.InvalidHandle($"The handle {claimed} that {given.Value} claims does not resolve back to it.");
        }

        var did = await DidOfAsync(given.Value, ct)
            ?? throw LookupException.InvalidHandle($"The handle {given.Value} has no _atproto record naming one DID.");
        return string.Equals(await ClaimedHandleAsync(did, ct), given.Value, StringComparison.OrdinalIgnoreCase)
            ? (did, given.Value)
            : throw LookupException.InvalidHandle($"The DID {did} of {given.Value} does not claim that handle.");
    }

    /// <summary>The DID the handle's _atproto TXT records name, when they name exactly one.</summary>
    private async Task<string?> DidOfAsync(string handle, CancellationToken ct)
    {
        var settings = options.Value.DnsEndPoint is { } server
            ? new LookupClientOptions(server) { UseCache = false, Timeout = TimeSpan.FromSeconds(5), Retries = 1 }
            : new LookupClientOptions { UseCache = false, Timeout = TimeSpan.FromSeconds(5), Retries = 1 };
        IDnsQueryResponse answer;
        try
        {
            answer = await new LookupClient(settings).QueryAsync($"_atproto.{handle}", QueryType.TXT, cancellationToken: ct);
        }
        catch (DnsResponseException e)
        {
            throw LookupException.Transient($"DNS did not answer for the Bluesky handle ({e.Code}).");
        }

        var dids = answer.Answers.TxtRecords()
            .Select(record => string.Concat(record.Text))
            .Where(text => text.StartsWith("did=", StringComparison.Ordinal))
            .Select(text => text[4..].Trim())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return dids.Count == 1 && BlueskyHandle.TryParse(dids[0], out var did, out _) && did.IsDid ? did.Value : null;
    }

    /// <summary>The handle a DID's document claims first, as at://handle; only did:plc documents are read so far.</summary>
    private async Task<string?> ClaimedHandleAsync(string did, CancellationToken ct)
    {
        if (!did.StartsWith("did:plc:", StringComparison.Ordinal))
        {
            throw LookupException.InvalidHandle($"{did} is not a did:plc; only did:plc identities are resolved.");
        }

        var document = await client.GetDidDocumentAsync(did, ct);
        var first = document?.Id == did ? document.AlsoKnownAs?.FirstOrDefault(a => a.StartsWith("at://", StringComparison.Ordinal)) : null;
        return first is null ? null : first[5..].ToLowerInvariant();
    }
}
