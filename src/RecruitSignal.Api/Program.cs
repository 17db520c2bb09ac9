using RecruitSignal;
using RecruitSignal.ApiDocs;
using RecruitSignal.Assessments;
using RecruitSignal.Candidates;
using RecruitSignal.Changes;
using RecruitSignal.Consent;
using RecruitSignal.DataProtection;
using RecruitSignal.Database;
using RecruitSignal.Fairness;
using RecruitSignal.Health;
using RecruitSignal.Idempotency;
using RecruitSignal.Input;
using RecruitSignal.Integrations.Ashby;
using RecruitSignal.Integrations.Greenhouse;
using RecruitSignal.Integrations.Workable;
using RecruitSignal.Infrastructure;
using RecruitSignal.CandidatePages;
using RecruitSignal.Invitations;
using RecruitSignal.Lookups;
using RecruitSignal.Presence.Bluesky;
using RecruitSignal.Presence.Mastodon;
using RecruitSignal.Presence.SignIn;
using RecruitSignal.Presence.X;
using RecruitSignal.RateLimits;
using RecruitSignal.Reports;
using RecruitSignal.Screenings;
using RecruitSignal.Telemetry;
using RecruitSignal.Tenants;
using RecruitSignal.Webhooks;
using RecruitSignal.Trust;

if (CommandLine.Informational(args) is { } information)
{
    return information(); // --help and version need no configuration
}

// The content root is the app's folder, so appsettings.json is read wherever the service is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (CommandLine.RefuseWrongTypedSettings(builder.Configuration) is { } refused)
{
    return refused;
}

builder.AddTelemetry();
builder.AddDatabase();
builder.AddKeyRing();
builder.AddPublicUrl();
builder.AddProblemHandling();
builder.AddInputRules();
builder.AddPaging();
builder.AddTenants();
builder.AddScreenings();
builder.AddCandidates();
builder.AddChanges();
builder.AddConsent();
builder.AddXApi();
builder.AddBluesky();
builder.AddMastodon();
builder.AddNetworkSignIn();
builder.AddLookups();
builder.AddXReadBudget();
builder.AddTrust();
builder.AddApiDocs();
builder.AddHealth();
builder.AddIdempotency();
builder.AddWebhooks();
builder.AddTenantRateLimits();
builder.AddInvitations();
builder.AddReports();
builder.AddGreenhouse();
builder.AddFairness();
builder.AddWorkable();
builder.AddAshby();

var app = builder.Build();

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(app, args);
}

app.UseMetricsEndpoint();
app.UseProblemHandling();
app.UseInputRules();
app.UseAuthentication();
app.UseAuthorization();
app.UseTenantRateLimits();
app.UseAntiforgery();

app.MapApiDocs();
app.MapHealth();
app.MapCandidatePages();
app.MapNetworkSignIn();
app.MapReportPages();
app.MapGreenhouse();
app.MapFairnessPages();
app.MapWorkable();
app.MapAshby();

var v1 = app.MapGroup("/v1").RequireAuthorization().RequireScopes().AddEndpointFilter<ContentionRetryFilter>();
v1.MapScreenings();
v1.MapAssessments();
v1.MapCandidates();
v1.MapChanges();
v1.MapWebhooks();
v1.MapConsent();
v1.MapLookups();
v1.MapTrust();
v1.MapKeys();
v1.MapXReadBudget();
v1.MapInvitations();
v1.MapReportLinks();
v1.MapGreenhouseIntegration();
v1.MapFairness();
v1.MapWorkableIntegration();
v1.MapAshbyIntegration();

return await CommandLine.ServeAsync(app);

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
