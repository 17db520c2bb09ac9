using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Npgsql;
using RecruitSignal.Invitations;
using RecruitSignal.Policies;
using RecruitSignal.Presence;
using RecruitSignal.Presence.SignIn;
using RecruitSignal.Presence.X;
using RecruitSignal.Scoring;

namespace RecruitSignal.CandidatePages;

/// <summary>
/// What a page offers for an invitation: the networks its policy reads (X alone for a policy that names none), with a
/// sign-in for those the service can sign in with, and once answered, what was given and what can still be added.
/// </summary>
public sealed class PageViews(PolicyStore policies, XSignIn xSignIn, NetworkSignIn networkSignIn, IOptions<XApiOptions> xApi)
{
    /// <summary>
    /// The networks the invitation's policy reads. A page holding a pooled connection passes it: reading the policy on a
    /// second one deadlocked the pool under a burst of page views (every connection held by a page waiting for another).
    /// </summary>
    public async Task<IReadOnlyList<string>> NetworksAsync(NpgsqlConnection? held, PageInvitation invitation, CancellationToken ct)
    {
        var policy = await policies.ResolveAsync(held, invitation.TenantId, invitation.PolicyVersion, ct);
        return Networks.ReadBy(policy ?? ScoringPolicy.Default);
    }

    public async Task<InvitationView> InvitationAsync(NpgsqlConnection connection, PageInvitation invitation, string token, AntiforgeryTokenSet tokens, CancellationToken ct)
    {
        var networks = await NetworksAsync(connection, invitation, ct);
        return new(token, invitation.Employer, invitation.CandidateName, invitation.ExpiresAtUtc, xApi.Value.WindowDays, invitation.RetentionDays,
            xSignIn.IsConfigured && networks.Contains(Networks.X), tokens, networks, [.. networks.Where(networkSignIn.Offers)]);
    }

    public async Task<AnsweredView> AnsweredAsync(NpgsqlConnection connection, PageInvitation invitation, string token, AntiforgeryTokenSet tokens, CancellationToken ct)
    {
        var networks = await NetworksAsync(connection, invitation, ct);
        var given = await InvitationNetworks.ListAsync(connection, null, invitation.TenantId, invitation.Id, ct);
        var open = invitation.CanAddNetwork;
        var active = given.Where(n => n.WithdrawnAt is null).Select(n => n.Network).ToHashSet();
        if (invitation.XAnswer is not null)
        {
            active.Add(Networks.X);
        }

        IReadOnlyList<string> read = open ? [.. networks.Where(active.Contains)] : [];
        IReadOnlyList<string> canAdd = open ? [.. networks.Where(n => n != Networks.X && !active.Contains(n))] : [];
        return new(token, invitation.Employer, invitation.AnsweredWith!.Value, invitation.XAnswer?.Handle.Value, invitation.WithdrawnAtUtc, open, tokens,
            given, read, canAdd, [.. canAdd.Where(networkSignIn.Offers)], networks, XWithdrawnAt: invitation.XWithdrawnAtUtc);
    }
}
