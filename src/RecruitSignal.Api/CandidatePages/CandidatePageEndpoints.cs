using System.Reflection;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Audit;
using RecruitSignal.Invitations;
using RecruitSignal.Presence;
using RecruitSignal.Presence.X;
using RecruitSignal.Scoring;
using RecruitSignal.Screenings;

namespace RecruitSignal.CandidatePages;

/// <summary>
/// The candidate's side of an invitation, at <c>/c/{token}</c>: server-rendered pages, no script, French or English,
/// each choice its own form with an antiforgery token. Everything answers a page in the candidate's language, never
/// problem+json: a person reads it, not an ATS.
/// </summary>
public static class CandidatePageEndpoints
{
    private static readonly string Css = ReadCss();

    public static IHostApplicationBuilder AddCandidatePages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CandidatePageOptions>().BindConfiguration(CandidatePageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<XOAuthOptions>().BindConfiguration(XOAuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRazorComponents();
        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "rs_form";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "rs_form";
            options.SuppressXFrameOptionsHeader = true; // frame-ancestors 'none' says more, and says it once
        });
        builder.Services.AddHttpClient(XSignIn.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.AddSingleton<XSignIn>();
        builder.Services.AddSingleton<CandidateAnswers>();
        builder.Services.AddTransient<PageViews>();
        builder.Services.AddSingleton<PageGuards>();
        // Request lines, route matching and redirects would carry the invitation token (path) and the OAuth code
        // (query): never log them, whatever level an operator sets for Microsoft.AspNetCore.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing.Matching", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Result", LogLevel.Warning);
        return builder;
    }

    public static IEndpointRouteBuilder MapCandidatePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/c/assets/site.css", () => Results.Text(Css, "text/css; charset=utf-8")).ExcludeFromDescription();
        // Named by the layout: without an icon of its own, every page made the browser ask for /favicon.ico, a 404.
        app.MapGet("/c/assets/icon.svg", () => Results.Text(Icon, "image/svg+xml")).ExcludeFromDescription();

        // One instance for all pages (not one per request), so that the rate limits count across requests.
        var pages = app.MapGroup("/c").ExcludeFromDescription().AddEndpointFilter(app.ServiceProvider.GetRequiredService<PageGuards>());
        pages.MapMethods("/{token}", [HttpMethods.Get, HttpMethods.Head], Show);
        pages.MapPost("/{token}/handle", (string token, HttpContext http, CancellationToken ct) => AnswerAsync(token, http, InvitationOutcome.TypedHandle, ct));
        pages.MapPost("/{token}/no-account", (string token, HttpContext http, CancellationToken ct) => AnswerAsync(token, http, InvitationOutcome.NoAccount, ct));
        pages.MapPost("/{token}/decline", (string token, HttpContext http, CancellationToken ct) => AnswerAsync(token, http, InvitationOutcome.Declined, ct));
        pages.MapPost("/{token}/withdraw", Withdraw);
        pages.MapPost("/{token}/x-signin", BeginSignIn);
        pages.MapGet("/x/callback", FinishSignIn);
        pages.MapPost("/{token}/bluesky-signin", (string token, HttpContext http, CancellationToken ct) => NetworkSignInPages.BeginAsync(token, Networks.Bluesky, http, ct));
        pages.MapPost("/{token}/mastodon-signin", (string token, HttpContext http, CancellationToken ct) => NetworkSignInPages.BeginAsync(token, Networks.Mastodon, http, ct));

        // Where Bluesky's and Mastodon's servers send the candidate back: pages like the others, under the same limits.
        var callbacks = app.MapGroup("/oauth").ExcludeFromDescription().AddEndpointFilter(app.ServiceProvider.GetRequiredService<PageGuards>());
        callbacks.MapGet("/bluesky/callback", (HttpContext http, CancellationToken ct) => NetworkSignInPages.FinishAsync(Networks.Bluesky, http, ct));
        callbacks.MapGet("/mastodon/callback", (HttpContext http, CancellationToken ct) => NetworkSignInPages.FinishAsync(Networks.Mastodon, http, ct));
        return app;
    }

    internal static async Task<IResult> Show(
        string token, HttpContext http, NpgsqlDataSource dataSource, IAntiforgery antiforgery, AuditLog audit, PageViews views, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var invitation = await PageInvitation.FindAsync(connection, null, token, now, forUpdate: false, ct);
        var t = PageLanguage.ForRequest(http, invitation?.Language);
        if (invitation is null || invitation.Status is "expired" or "cancelled")
        {
            return Ended(t, invitation, token);
        }

        var tokens = antiforgery.GetAndStoreTokens(http);
        if (invitation.AnsweredWith is not null)
        {
            var answered = await views.AnsweredAsync(connection, invitation, token, tokens, ct);
            PageGuards.AllowNetworkSignIn(http, answered.SignIns.Count > 0);
            return Pages.Answered(t, answered);
        }

        if (invitation.Status == "pending" && HttpMethods.IsGet(http.Request.Method))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (await invitation.MarkOpenedAsync(connection, transaction, now, ct))
            {
                await audit.AppendAsync(connection, transaction, invitation.TenantId, null, AuditEvent.Of(AuditAction.InvitationOpened, AuditTarget.Invitation, invitation.Id), ct);
            }

            await transaction.CommitAsync(ct);
        }

        var view = await views.InvitationAsync(connection, invitation, token, tokens, ct);
        PageGuards.AllowNetworkSignIn(http, view.SignIns.Count > 0);
        return Pages.Invitation(StatusCodes.Status200OK, t, view);
    }

    private static async Task<IResult> AnswerAsync(string token, HttpContext http, InvitationOutcome outcome, CancellationToken ct)
    {
        var services = http.RequestServices;
        var (form, t, refused) = await ReadFormAsync(http, token);
        if (refused is not null)
        {
            return refused;
        }

        var answer = outcome == InvitationOutcome.TypedHandle ? TypedAnswer(form!) : new Answer(outcome);
        if (answer is null)
        {
            return await HandleRefusedAsync(token, http, t, NetworkOf(form), form!["handle"].ToString(), ct);
        }

        var result = await services.GetRequiredService<CandidateAnswers>().AnswerAsync(token, answer, t, ct);
        return await AfterAnswerAsync(result, token, t, http, ct);
    }

    /// <summary>A typed handle: X's (the form names no network) or another network's, recorded <c>claimed</c>; null when it does not parse.</summary>
    private static Answer? TypedAnswer(IFormCollection form)
    {
        var network = NetworkOf(form);
        if (network == Networks.X)
        {
            return XHandle.TryParse(form["handle"], out var x, out _) ? new Answer(InvitationOutcome.TypedHandle, x) : null;
        }

        return Networks.TryParse(network, form["handle"], out var handle, out _)
            ? new Answer(InvitationOutcome.TypedHandle, null, new GivenNetwork(network, handle, HandleOwnership.Claimed))
            : null;
    }

    /// <summary>The network a form names (X when it names none or one the page does not offer).</summary>
    internal static string NetworkOf(IFormCollection? form) =>
        form?["network"].ToString() is Networks.Bluesky or Networks.Mastodon ? form["network"].ToString() : Networks.X;

    internal static async Task<IResult> Withdraw(string token, HttpContext http, CandidateAnswers answers, CancellationToken ct)
    {
        var (form, t, refused) = await ReadFormAsync(http, token);
        // A network named withdraws that one alone, X as the others; none named withdraws everything.
        var network = form?["network"].ToString() is Networks.X or Networks.Bluesky or Networks.Mastodon ? form["network"].ToString() : null;
        return refused ?? await AfterAnswerAsync(await answers.WithdrawAsync(token, t, ct, network), token, t, http, ct);
    }

    internal static async Task<IResult> BeginSignIn(string token, HttpContext http, XSignIn signIn, NpgsqlDataSource dataSource, TimeProvider clock, CancellationToken ct)
    {
        var (_, t, refused) = await ReadFormAsync(http, token);
        if (refused is not null)
        {
            return refused;
        }

        if (!signIn.IsConfigured)
        {
            return Pages.Message(StatusCodes.Status404NotFound, t, t.SignInUnavailableTitle, t.SignInUnavailableText, BackTo(token, t));
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var invitation = await PageInvitation.FindAsync(connection, null, token, clock.GetUtcNow(), forUpdate: false, ct);
        if (CandidateAnswers.Refusal(invitation) is { } refusal)
        {
            return await AfterAnswerAsync(refusal, token, t, http, ct);
        }

        return Results.Redirect(await signIn.BeginAsync(invitation!, token, t.Code, ct), permanent: false, preserveMethod: false);
    }

    internal static async Task<IResult> FinishSignIn(
        string? code, string? state, string? error, HttpContext http, XSignIn signIn, CandidateAnswers answers, CancellationToken ct)
    {
        var signedIn = await signIn.CompleteAsync(code, state, error, ct);
        var t = Texts.TryOf(signedIn.Language) ?? PageLanguage.ForRequest(http, null);
        var back = signedIn.Token is null ? null : BackTo(signedIn.Token, t);
        return signedIn.Failure switch
        {
            SignInFailure.Stale => Pages.Message(StatusCodes.Status400BadRequest, t, t.SignInStaleTitle, t.SignInStaleText, back),
            SignInFailure.Cancelled => Pages.Message(StatusCodes.Status200OK, t, t.SignInCancelledTitle, t.SignInCancelledText, back),
            SignInFailure.Failed => Pages.Message(StatusCodes.Status502BadGateway, t, t.SignInFailedTitle, t.SignInFailedText, back),
            _ => await AfterAnswerAsync(await answers.AnswerAsync(signedIn.Token!, new Answer(InvitationOutcome.XSignin, signedIn.Handle), t, ct),
                signedIn.Token!, t, http, ct),
        };
    }

    /// <summary>The form's fields and language, or the page to answer when its antiforgery token is missing or wrong (nothing is written).</summary>
    internal static async Task<(IFormCollection? Form, Texts T, IResult? Refused)> ReadFormAsync(HttpContext http, string token)
    {
        var form = http.Request.HasFormContentType ? await TryReadFormAsync(http) : null;
        var t = Texts.TryOf(form?["lang"]) ?? PageLanguage.ForRequest(http, null);
        var valid = form is not null && await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
        return valid
            ? (form, t, null)
            : (form, t, Pages.Message(StatusCodes.Status400BadRequest, t, t.FormExpiredTitle, t.FormExpiredText, BackTo(token, t)));
    }

    // A body that is not a form after all (a multipart one cut short, past the form limits) is a form that was not
    // sent: the same page as a missing one, not a 500. A body over the size cap still answers 413.
    private static async Task<IFormCollection?> TryReadFormAsync(HttpContext http)
    {
        try
        {
            return await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException and not BadHttpRequestException && !http.RequestAborted.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task<IResult> HandleRefusedAsync(string token, HttpContext http, Texts t, string network, string typed, CancellationToken ct)
    {
        var services = http.RequestServices;
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);
        var invitation = await PageInvitation.FindAsync(connection, null, token, services.GetRequiredService<TimeProvider>().GetUtcNow(), forUpdate: false, ct);
        if (invitation is not { CanAddNetwork: true } && CandidateAnswers.Refusal(invitation) is { } refusal)
        {
            return await AfterAnswerAsync(refusal, token, t, http, ct);
        }

        var tokens = services.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var views = services.GetRequiredService<PageViews>();
        if (invitation!.CanAddNetwork)
        {
            var answered = await views.AnsweredAsync(connection, invitation, token, tokens, ct) with { HandleError = network, HandleValue = typed };
            PageGuards.AllowNetworkSignIn(http, answered.SignIns.Count > 0);
            return Pages.Answered(t, answered, StatusCodes.Status400BadRequest);
        }

        var view = await views.InvitationAsync(connection, invitation, token, tokens, ct) with { HandleError = network, HandleValue = typed };
        PageGuards.AllowNetworkSignIn(http, view.SignIns.Count > 0);
        return Pages.Invitation(StatusCodes.Status400BadRequest, t, view);
    }

    /// <summary>Recorded: back to the invitation's page (POST-redirect-GET), which now shows the answer.</summary>
    internal static async Task<IResult> AfterAnswerAsync(AnswerResult result, string token, Texts t, HttpContext http, CancellationToken ct)
    {
        if (result == AnswerResult.Recorded)
        {
            return Results.Redirect(BackTo(token, t), permanent: false, preserveMethod: false);
        }

        if (result == AnswerResult.AlreadyAnswered)
        {
            return Pages.Message(StatusCodes.Status410Gone, t, t.AlreadyAnsweredTitle, t.AlreadyAnsweredText, BackTo(token, t));
        }

        var services = http.RequestServices;
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);
        var invitation = await PageInvitation.FindAsync(connection, null, token, services.GetRequiredService<TimeProvider>().GetUtcNow(), forUpdate: false, ct);
        return Ended(t, invitation, token);
    }

    /// <summary>Unknown: 404. Expired or cancelled: 410. Both in the page's language, without saying more than the link's holder knows.</summary>
    private static IResult Ended(Texts t, PageInvitation? invitation, string token) => invitation?.Status switch
    {
        "expired" => Pages.Message(StatusCodes.Status410Gone, t, t.ExpiredTitle, t.ExpiredText(invitation.Employer), switchHref: $"/c/{token}?lang={t.OtherCode}"),
        "cancelled" => Pages.Message(StatusCodes.Status410Gone, t, t.CancelledTitle, t.CancelledText(invitation.Employer), switchHref: $"/c/{token}?lang={t.OtherCode}"),
        _ => Pages.Message(StatusCodes.Status404NotFound, t, t.NotFoundTitle, t.NotFoundText, switchHref: $"/c/{token}?lang={t.OtherCode}"),
    };

    internal static string BackTo(string token, Texts t) => $"/c/{Uri.EscapeDataString(token)}?lang={t.Code}";

    private const string Icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0b4fb3"/><path d="M5 12V4h3.5a2.25 2.25 0 0 1 0 4.5H5m3.5 0L11 12" fill="none" stroke="#fff" stroke-width="1.6"/></svg>
        """;

    private static string ReadCss()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("candidate-pages/site.css")
            ?? throw new InvalidOperationException("The candidate pages' stylesheet is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
