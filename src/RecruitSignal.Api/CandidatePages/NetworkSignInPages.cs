using Npgsql;
using RecruitSignal.Presence;
using RecruitSignal.Presence.SignIn;
using RecruitSignal.Scoring;

namespace RecruitSignal.CandidatePages;

/// <summary>
/// Sign in with Bluesky or Mastodon from the candidate page: the form (a typed handle) starts the sign-in and sends the
/// browser to the candidate's server; the server sends it back to the callback, which records the handle <c>verified</c>
/// (with the DID or account URL and the time) as the page's answer, or adds it to the answer, and lands on the page.
/// Every refusal is a page in the candidate's language that says what happened and leads back to the other choices;
/// a refused sign-in writes nothing but the use of its state.
/// </summary>
public static class NetworkSignInPages
{
    public static async Task<IResult> BeginAsync(string token, string network, HttpContext http, CancellationToken ct)
    {
        var (form, t, refused) = await CandidatePageEndpoints.ReadFormAsync(http, token);
        if (refused is not null)
        {
            return refused;
        }

        var services = http.RequestServices;
        var signIn = services.GetRequiredService<NetworkSignIn>();
        PageInvitation? invitation;
        await using (var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct))
        {
            invitation = await PageInvitation.FindAsync(connection, null, token, services.GetRequiredService<TimeProvider>().GetUtcNow(), forUpdate: false, ct);
        }

        if (invitation is not { CanAddNetwork: true } && CandidateAnswers.Refusal(invitation) is { } closed)
        {
            return await CandidatePageEndpoints.AfterAnswerAsync(closed, token, t, http, ct);
        }

        if (!signIn.Offers(network) || !(await services.GetRequiredService<PageViews>().NetworksAsync(null, invitation!, ct)).Contains(network))
        {
            return Pages.Message(StatusCodes.Status404NotFound, t, t.NetworkSignInRefusedTitle(network), t.NetworkSignInRefused(network, SignInRefusal.UnknownNetwork),
                CandidatePageEndpoints.BackTo(token, t), reason: SignInRefusal.UnknownNetwork.Code());
        }

        var start = await signIn.StartAsync(invitation!.TenantId, invitation.Id, network, form!["handle"].ToString(), ct, new SignInPage(token, t.Code));
        return start.AuthorizationUrl is { } url
            ? Results.Redirect(url, permanent: false, preserveMethod: false)
            : Refused(network, start.Refusal, t, token);
    }

    public static async Task<IResult> FinishAsync(string network, HttpContext http, CancellationToken ct)
    {
        var services = http.RequestServices;
        var outcome = await services.GetRequiredService<NetworkSignIn>().CompleteAsync(network, http.Request.Query, ct);
        var page = outcome.Page;
        var t = Texts.TryOf(page?.Language) ?? PageLanguage.ForRequest(http, null);
        if (outcome.Identity is not { } identity || page is null)
        {
            return Refused(network, outcome.Verified ? SignInRefusal.UnknownState : outcome.Refusal, t, page?.Token);
        }

        // What the network proved, in the form the service stores that network's handles.
        var handle = Networks.TryParse(network, identity.Handle.Contains('@') ? "@" + identity.Handle.TrimStart('@') : identity.Handle, out var parsed, out _)
            ? parsed : identity.Handle;
        var given = new GivenNetwork(network, handle, HandleOwnership.Verified, identity.Subject, identity.VerifiedAt);
        var answer = new Answer(Invitations.InvitationOutcome.NetworkSignin, null, given);
        var result = await services.GetRequiredService<CandidateAnswers>().AnswerAsync(page.Token, answer, t, ct, boundTo: outcome.InvitationId);
        return await CandidatePageEndpoints.AfterAnswerAsync(result, page.Token, t, http, ct);
    }

    /// <summary>A refused sign-in: what happened, in words, and the way back to the page's other choices (when the state said which page).</summary>
    private static IResult Refused(string network, SignInRefusal refusal, Texts t, string? token)
    {
        var status = refusal switch
        {
            SignInRefusal.Cancelled => StatusCodes.Status200OK,
            SignInRefusal.Unreachable or SignInRefusal.ProtocolError => StatusCodes.Status502BadGateway,
            SignInRefusal.InvitationClosed => StatusCodes.Status410Gone,
            _ => StatusCodes.Status400BadRequest,
        };
        return Pages.Message(status, t, t.NetworkSignInRefusedTitle(network), t.NetworkSignInRefused(network, refusal),
            token is null ? null : CandidatePageEndpoints.BackTo(token, t), reason: refusal.Code());
    }
}
