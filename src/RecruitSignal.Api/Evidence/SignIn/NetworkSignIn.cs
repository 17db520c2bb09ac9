using System.Text.Json;
using RecruitSignal.Outbound;

namespace RecruitSignal.Presence.SignIn;

/// <summary>
/// The sign-ins the candidate page offers for Bluesky and Mastodon, behind one small API: start one for an invitation
/// and a typed handle, finish one from the network's callback. Every failure is a <see cref="SignInRefusal"/> a page
/// can render, never an exception; a refused start writes nothing, and a refused callback only uses up its state.
/// </summary>
public sealed partial class NetworkSignIn(IEnumerable<INetworkSignInFlow> flows, SignInStates states, ILogger<NetworkSignIn> logger)
{
    public IReadOnlyList<string> Networks => flows.Select(f => f.Network).ToList();

    public bool Offers(string network) => Flow(network) is not null;

    public async Task<SignInStart> StartAsync(Guid tenantId, Guid invitationId, string network, string handle, CancellationToken ct, SignInPage? page = null)
    {
        if (Flow(network) is not { } flow)
        {
            return SignInStart.Refused(SignInRefusal.UnknownNetwork);
        }

        var (url, refusal) = await GuardAsync(network, "start", () => flow.StartAsync(new SignInFor(tenantId, invitationId, page), handle, ct), ct);
        return url is null ? SignInStart.Refused(refusal.Refusal) : new SignInStart(url, SignInRefusal.None);
    }

    public async Task<SignInOutcome> CompleteAsync(string network, IQueryCollection callback, CancellationToken ct)
    {
        if (Flow(network) is not { } flow)
        {
            return SignInOutcome.Refused(SignInRefusal.UnknownNetwork);
        }

        // The state is taken here, before the flow runs, so that whatever fails after it still knows its invitation and page.
        SignInTicket? ticket = null;
        var (outcome, refusal) = await GuardAsync(network, "callback", async () =>
        {
            ticket = await states.TakeAsync(network, callback["state"], ct);
            return await flow.CompleteAsync(ticket, callback, ct);
        }, ct);
        return outcome ?? SignInOutcome.Refused(refusal.Refusal, refusal.Ticket ?? ticket);
    }

    private INetworkSignInFlow? Flow(string network) => flows.FirstOrDefault(f => f.Network == network);

    /// <summary>Runs one step and turns what a server the candidate named can do wrong into a refusal, logged by reason only.</summary>
    private async Task<(T? Result, SignInRefusedException Refusal)> GuardAsync<T>(string network, string step, Func<Task<T>> run, CancellationToken ct)
        where T : class
    {
        SignInRefusedException refusal;
        try
        {
            return (await run(), new SignInRefusedException(SignInRefusal.None, ""));
        }
        catch (SignInRefusedException e)
        {
            refusal = e;
        }
        catch (HttpRequestException e) when (e is TargetRefusedException || e.InnerException is TargetRefusedException)
        {
            refusal = new SignInRefusedException(SignInRefusal.PrivateAddress, "a connection the SSRF guard refused");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is TaskCanceledException or OperationCanceledException && !ct.IsCancellationRequested))
        {
            refusal = new SignInRefusedException(SignInRefusal.Unreachable, $"a server did not answer ({e.GetType().Name})");
        }
        catch (LookupException e)
        {
            refusal = new SignInRefusedException(e.Kind == LookupFailureKind.InvalidHandle ? SignInRefusal.InvalidHandle : SignInRefusal.Unreachable, e.Kind.ToString());
        }

        // The handle, the URLs and anything a server sent stay out of the log: the reason and the step tell enough.
        var reason = refusal.Refusal.Code();
        LogRefused(logger, network, step, reason, refusal.Message);
        return (default, refusal);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign in with {Network}: the {Step} was refused ({Reason}: {Detail})")]
    private static partial void LogRefused(ILogger logger, string network, string step, string reason, string detail);
}
