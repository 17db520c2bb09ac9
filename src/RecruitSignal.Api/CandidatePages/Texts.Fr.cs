using RecruitSignal.Presence;
using RecruitSignal.Presence.SignIn;

namespace RecruitSignal.CandidatePages;

/// <summary>Ce que lit le candidat, en français.</summary>
public sealed class TextsFr : Texts
{
    public override string Code => "fr";
    public override string OtherCode => "en";
    public override string OtherLanguageName => "English";
    public override string LanguageNavLabel => "Langue";
    public override string ServiceName => "RecruitSignal";
    public override string Footer => "Cette page n'utilise aucun cookie hormis celui qui protège vos réponses, et aucun pistage.";

    public override string PageTitle(string employer, IReadOnlyList<string> networks) =>
        networks.Count == 1 ? $"{employer} vous interroge sur votre compte {Networks.DisplayName(networks[0])}" : $"{employer} vous interroge sur vos comptes {Networks.Join(networks, Code, Conjunction.And)}";
    protected override string XFormerly => "X (anciennement Twitter)";
    public override string Greeting(string? name) => name is null ? "Bonjour," : $"Bonjour {name},";
    public override string Intro(string employer, IReadOnlyList<string> networks) =>
        $"{employer} étudie votre candidature et aimerait savoir si vous êtes actif professionnellement sur {AnyOf(networks)}. C'est vous qui décidez.";

    public override IReadOnlyList<NoticeSection> Notice(string employer, IReadOnlyList<string> networks, int windowDays, int retentionDays) =>
    [
        new("Qui demande et pourquoi", [
            $"{employer} utilise RecruitSignal pour voir si les candidats partagent publiquement leur travail sur {Networks.Join(networks, Code, Conjunction.Or)}.",
            "C'est un indice parmi d'autres pour un recruteur, qui le lit et décide. Ce n'est jamais une décision, et rien n'est décidé par une machine seule."]),
        new("Ce qui est lu, et ce qui ne l'est pas", [
            $"Seulement si vous donnez votre compte : son activité publique des {windowDays} derniers jours, en nombres et en dates. Combien de messages vous avez écrits, combien de réponses, combien de republications, la date de votre dernier message, et quels mots du poste figurent dans la description de votre profil.",
            "Le texte de vos messages n'est jamais conservé, et rien n'est classé selon les opinions, la religion, la santé ou toute autre question privée. Le nombre d'abonnés est noté mais ne compte pas."]),
        new("Combien de temps c'est conservé", [
            $"Ce qui est enregistré est conservé au plus {retentionDays} jours après la dernière mise à jour de votre candidature, puis effacé."]),
        new("Vos droits", [
            $"Vous pouvez demander à {employer} une copie de tout ce qui vous concerne, une explication du résultat, son réexamen par une personne, ou son effacement.",
            "Vous pouvez retirer votre consentement à tout moment depuis cette page : votre compte ne sera plus consulté."]),
    ];

    public override string ChoicesHeading => "Votre choix";
    public override string ChoicesIntro(string expiresOn) => $"Choisissez l'une des quatre réponses ci-dessous. Ce lien est valable jusqu'au {expiresOn}.";
    public override string SignInHeading => "Se connecter avec X";
    public override string SignInExplained => "Le plus sûr : X confirme que le compte est le vôtre. Nous ne lisons que votre nom d'utilisateur et mettons fin à la connexion aussitôt.";
    public override string SignInButton => "Se connecter avec X";
    public override string HandleHeading => "Saisir mon nom d'utilisateur";
    public override string HandleExplained => "Indiquez votre nom d'utilisateur X. Le recruteur verra que vous l'avez saisi vous-même.";
    public override string HandleLabel => "Votre nom d'utilisateur X";
    public override string HandleHint => "Par exemple camille_m, @camille_m ou https://x.com/camille_m";
    public override string HandleButton => "Envoyer mon nom d'utilisateur";
    public override string HandleInvalid => "Ce n'est pas un nom d'utilisateur X. Il compte 1 à 15 lettres, chiffres ou « _ », par exemple camille_m.";
    public override string NoAccountHeading(IReadOnlyList<string> networks) => NoAccount(networks);
    public override string NoAccountExplained => "Nous indiquerons au recruteur que vous l'avez déclaré.";
    public override string NoAccountButton(IReadOnlyList<string> networks) => NoAccount(networks);
    private string NoAccount(IReadOnlyList<string> networks) => networks.Count == 1
        ? $"Je n'ai pas de compte {Networks.DisplayName(networks[0])}"
        : $"Je n'ai aucun compte sur {Networks.Join(networks, Code, Conjunction.Or)}";
    public override string DeclineHeading => "Je refuse";
    public override string DeclineExplained(IReadOnlyList<string> networks) =>
        $"Rien n'est lu sur {Networks.Join(networks, Code, Conjunction.Or)}. Votre refus n'est jamais compté contre vous comme une absence de compte.";
    public override string DeclineButton => "Je refuse";

    public override string NetworksRead(IReadOnlyList<string> names) =>
        names.Count == 0 ? "Aucun réseau ne sera lu." : $"Lus si vous les donnez : {string.Join(", ", names)}. Seuls les réseaux que vous donnez sont lus.";
    public override string NetworksWillBeRead(IReadOnlyList<string> names) => $"Seront lus, avec votre consentement : {string.Join(", ", names)}.";
    public override string NetworkExplained(string network) =>
        $"Donnez votre compte {NetworkName(network)}. Se connecter est le plus sûr : votre serveur confirme que le compte est le vôtre, et nous ne gardons que qui s'est connecté et quand. Ou envoyez-le sans vous connecter : le recruteur verra que vous l'avez saisi.";
    public override string NetworkHandleLabel(string network) => $"Votre compte {NetworkName(network)}";
    public override string NetworkHandleHint(string network) => network == "bluesky"
        ? "Par exemple camille.bsky.social"
        : "Par exemple @camille@mastodon.social";
    public override string NetworkHandleInvalid(string network) => network == "bluesky"
        ? "Ce n'est pas un identifiant Bluesky. Il a la forme d'un nom de domaine, par exemple camille.bsky.social."
        : "Ce n'est pas un compte Mastodon. Écrivez-le @nom@serveur, par exemple @camille@mastodon.social.";
    public override string NetworkSignInButton(string network) => $"Se connecter avec {NetworkName(network)}";
    public override string NetworkTypedButton(string network) => "Envoyer sans me connecter";
    public override string RecordedNetwork(string network, string handle, bool verified) => verified
        ? $"{NetworkName(network)} : vous vous êtes connecté en tant que {handle} ; le recruteur verra que le compte est le vôtre."
        : $"{NetworkName(network)} : vous avez indiqué {handle}.";
    public override string NetworkWithdrawButton(string network) => $"Retirer mon compte {NetworkName(network)}";
    public override string NetworkWithdrawn(string network, string day) => $"{NetworkName(network)} : vous l'avez retiré le {day}. Il ne sera plus consulté.";
    public override string AddNetworkHeading => "Ajouter un autre réseau";
    public override string AddNetworkExplained => "Votre réponse peut compter plusieurs réseaux. Le meilleur d'entre eux compte.";
    public override string NetworkSignInRefusedTitle(string network) => $"{NetworkName(network)} n'a pas confirmé votre compte";
    public override string NetworkSignInRefused(string network, SignInRefusal refusal) => refusal switch
    {
        SignInRefusal.Cancelled => "Vous avez annulé la connexion. Rien n'a été enregistré : vous pouvez réessayer ou choisir une autre réponse.",
        SignInRefusal.InvalidHandle => NetworkHandleInvalid(network) + " Rien n'a été enregistré.",
        SignInRefusal.NoSuchAccount => "Votre serveur ne connaît pas ce compte. Vérifiez-le et réessayez. Rien n'a été enregistré.",
        SignInRefusal.UnknownState or SignInRefusal.ExpiredState =>
            "Une connexion est valable 10 minutes et une seule fois. Rien n'a été enregistré : rouvrez le lien de votre e-mail et recommencez.",
        SignInRefusal.InvitationClosed => "Cette invitation n'accepte plus de réponse. Rien n'a été enregistré.",
        SignInRefusal.PrivateAddress => "L'adresse de votre serveur n'est pas joignable depuis Internet : il ne peut pas confirmer votre compte. Rien n'a été enregistré : saisissez plutôt votre compte, ou choisissez une autre réponse.",
        SignInRefusal.Unreachable or SignInRefusal.ProtocolError => "Votre serveur n'a pas répondu comme prévu. Rien n'a été enregistré : réessayez dans un instant, ou envoyez votre compte sans vous connecter.",
        SignInRefusal.WrongIssuer or SignInRefusal.WrongSubject or SignInRefusal.WrongAccount =>
            "Vous vous êtes connecté avec un autre compte que celui saisi. Rien n'a été enregistré : connectez-vous avec le compte indiqué.",
        _ => $"La connexion avec {NetworkName(network)} n'est pas proposée ici. Rien n'a été enregistré : choisissez une autre réponse.",
    };

    public override string AnsweredTitle => "Votre réponse est enregistrée";
    public override string RecordedVerified(string handle) => $"Vous vous êtes connecté avec X en tant que @{handle} : le recruteur verra que le compte est le vôtre.";
    public override string RecordedClaimed(string handle) => $"Vous avez indiqué le nom d'utilisateur @{handle}.";
    public override string RecordedNoAccount(IReadOnlyList<string> networks) => networks.Count == 1
        ? $"Vous avez déclaré ne pas avoir de compte {Networks.DisplayName(networks[0])}. Rien ne sera lu sur {Networks.DisplayName(networks[0])}."
        : $"Vous avez déclaré n'avoir aucun compte sur {Networks.Join(networks, Code, Conjunction.Or)}. Aucun de ces réseaux ne sera lu.";
    public override string RecordedDeclined(IReadOnlyList<string> networks) =>
        $"Vous avez refusé. Rien ne sera lu sur {Networks.Join(networks, Code, Conjunction.Or)}, et votre refus ne compte pas contre vous.";
    public override string WhatHappensNext(string employer) => $"Merci. {employer} verra votre réponse à côté de votre candidature. Vous pouvez fermer cette page.";
    public override string WithdrawHeading => "Vous avez changé d'avis ?";
    public override string WithdrawExplained(string networks) => $"Retirez votre consentement : plus rien ne sera lu sur {networks} pour cette candidature.";
    public override string WithdrawButton => "Retirer mon consentement";
    public override string Withdrawn(string day, string networks) => $"Vous avez retiré votre consentement le {day}. Plus rien ne sera lu sur {networks}.";
    public override string RightsReminder(string employer) =>
        $"Pour obtenir une copie de vos données, une explication, un réexamen par une personne ou leur effacement, écrivez à {employer}.";

    public override string NotFoundTitle => "Ce lien n'est pas valable";
    public override string NotFoundText => "Vérifiez que vous avez copié le lien entier depuis votre e-mail. S'il ne fonctionne toujours pas, demandez-en un nouveau au recruteur.";
    public override string ExpiredTitle => "Ce lien a expiré";
    public override string ExpiredText(string employer) => $"Rien n'a été enregistré. Demandez une nouvelle invitation à {employer} si vous souhaitez répondre.";
    public override string CancelledTitle => "Cette invitation a été retirée";
    public override string CancelledText(string employer) => $"{employer} a annulé cette invitation. Rien n'a été enregistré.";
    public override string AlreadyAnsweredTitle => "Vous avez déjà répondu";
    public override string AlreadyAnsweredText => "Votre première réponse est conservée. Rouvrez le lien de votre e-mail pour la consulter.";
    public override string FormExpiredTitle => "Votre réponse n'a pas été envoyée";
    public override string FormExpiredText => "Pour votre sécurité, le formulaire n'a pas pu être vérifié : rien n'a été enregistré. Rouvrez l'invitation et refaites votre choix.";
    public override string TooManyTitle => "Trop de tentatives";
    public override string TooManyText => "Merci de patienter une minute avant de réessayer.";
    public override string UnavailableTitle => "Cette page est momentanément indisponible";
    public override string UnavailableText => "Rien n'a été perdu. Merci de réessayer dans quelques secondes.";
    public override string FailedTitle => "Une erreur s'est produite";
    public override string FailedText => "Votre réponse n'a peut-être pas été enregistrée. Revenez en arrière et réessayez.";
    public override string SignInUnavailableTitle => "La connexion avec X n'est pas disponible";
    public override string SignInUnavailableText => "Revenez en arrière et saisissez plutôt votre nom d'utilisateur, ou choisissez une autre réponse.";
    public override string SignInCancelledTitle => "La connexion avec X a été annulée";
    public override string SignInCancelledText => "Rien n'a été enregistré. Vous pouvez réessayer ou choisir une autre réponse.";
    public override string SignInStaleTitle => "Cette connexion n'est plus valable";
    public override string SignInStaleText => "Une connexion est valable 10 minutes et une seule fois. Rien n'a été enregistré : rouvrez le lien de votre e-mail et recommencez.";
    public override string SignInFailedTitle => "X n'a pas confirmé votre compte";
    public override string SignInFailedText => "Rien n'a été enregistré. Réessayez dans un instant, ou saisissez plutôt votre nom d'utilisateur.";
    public override string BackToInvitation => "Revenir à l'invitation";

    public override string EmailSubject(string employer, IReadOnlyList<string> networks) => networks.Count == 1
        ? $"{employer} : votre compte {Networks.DisplayName(networks[0])} et votre candidature"
        : $"{employer} : votre candidature et vos comptes {Networks.Join(networks, Code, Conjunction.And)}";
    public override IReadOnlyList<string> EmailParagraphs(string? name, string employer, IReadOnlyList<string> networks, string expiresOn) =>
    [
        Greeting(name),
        $"{employer} étudie votre candidature et aimerait savoir si vous partagez publiquement votre travail sur {AnyOf(networks)}.",
        (networks.Count == 1
            ? $"Sur la page ci-dessous, vous pouvez vous connecter avec {Networks.DisplayName(networks[0])}, saisir votre nom d'utilisateur, indiquer que vous n'avez pas de compte, ou refuser."
            : "Sur la page ci-dessous, vous pouvez donner chacun de vos comptes (en vous connectant ou en saisissant votre nom d'utilisateur), indiquer que vous n'avez pas de compte, ou refuser.")
        + " La page dit exactement ce qui serait lu (nombres et dates de l'activité publique, jamais le texte de vos messages) et combien de temps c'est conservé. C'est un indice pour un recruteur, jamais une décision.",
        $"Le lien est valable jusqu'au {expiresOn} et n'est destiné qu'à vous : ne le transférez pas.",
    ];

    public override string EmailLinkLabel => "Ouvrir mon invitation";
    public override string EmailIgnore => "Si vous n'avez pas postulé, vous pouvez ignorer cet e-mail.";

    protected override IReadOnlyList<string> Months { get; } =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];
}
