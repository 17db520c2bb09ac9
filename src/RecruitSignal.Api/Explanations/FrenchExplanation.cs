using RecruitSignal.Presence;
using RecruitSignal.Scoring;

namespace RecruitSignal.Explanations;

internal sealed class FrenchExplanation : ExplanationLanguage
{
    public override string Code => "fr";

    public override string Absent => "Nous n'avons pas trouvé de compte X (Twitter) à votre nom.";
    public override string AccountProtected => "Votre compte X est privé : nous n'avons pas pu voir son activité.";
    public override string Suspended => "Votre compte X est suspendu : nous n'avons pas pu voir son activité.";
    public override string NoEvidence => "Nous connaissons le nom de votre compte X, mais nous n'avions aucune information sur son activité.";
    public override string Passive => "Votre compte X montre peu d'activité de votre part.";
    public override string Relayer(string network) => $"L'essentiel de votre activité sur {network} consiste à partager des messages écrits par d'autres personnes.";
    public override string Publisher(string network) => $"Vous écrivez vos propres messages sur {network}.";
    public override string Engaged(string network) => $"Vous écrivez vos propres messages sur {network} et vous répondez à d'autres personnes.";
    public override string Declined(IReadOnlyList<string> networks) => networks is [var one]
        ? $"Vous avez refusé que votre compte {Networks.DisplayName(one)} soit consulté : rien n'a été lu et aucun score ne vous a été donné."
        : $"Vous avez refusé que vos comptes {Networks.Join(networks, Code, Conjunction.Or)} soient consultés : rien n'a été lu et aucun score ne vous a été donné.";
    public override string StatedNoAccount(IReadOnlyList<string> networks) => networks is [var one]
        ? $"Vous nous avez indiqué ne pas avoir de compte {(one == Networks.X ? "X (Twitter)" : Networks.DisplayName(one))}."
        : $"Vous nous avez indiqué n'avoir aucun compte sur {Networks.Join(networks, Code, Conjunction.Or)}.";
    public override string HandleNotVerified(IReadOnlyList<string> networks) => networks.Count == 1
        ? $"L'entreprise ne retient qu'un compte {Networks.DisplayName(networks[0])} dont vous avez prouvé qu'il est le vôtre en vous connectant avec {Networks.DisplayName(networks[0])} : celui-ci n'a donc pas été consulté."
        : $"L'entreprise ne retient qu'un compte dont vous avez prouvé qu'il est le vôtre en vous connectant sur son réseau : vos comptes {Networks.Join(networks, "fr", Conjunction.And)} n'ont donc pas été consultés.";
    public override string HandleSource(string handle, HandleOwnership ownership, string network) => ownership switch
    {
        HandleOwnership.Verified => $"Le compte @{handle} est le vôtre : vous l'avez prouvé en vous connectant avec {Networks.DisplayName(network)}.",
        HandleOwnership.Claimed => $"Vous nous avez indiqué le compte @{handle}.",
        _ => $"Le nom de compte @{handle} figurait dans votre candidature.",
    };

    public override string Window(int days, string until) => $"Nous avons regardé les {days} jours précédant le {until}.";
    public override string Activity(int originalPosts, int replies, int reposts) =>
        $"Sur cette période, nous avons compté {originalPosts} messages de votre part, {replies} réponses à d'autres personnes et {reposts} partages de messages d'autres personnes.";
    public override string LastPost(string day) => $"Votre message ou réponse le plus récent date du {day}.";
    public override string LastPostUnknown => "Nous ne connaissons pas la date de votre message ou réponse le plus récent.";
    public override string BioMatches(string terms) => $"La description de votre profil mentionne des sujets liés au poste : {terms}.";
    public override string BioMatchesNothing => "La description de votre profil ne mentionne aucun sujet lié au poste.";
    public override string RelevantPosts(int relevant, int originalPosts) => $"{relevant} de vos {originalPosts} messages mentionnent un sujet lié au poste.";

    public override string AbsenceCountsZero => "L'absence de compte compte pour 0 point.";
    public override string AbsenceNotCounted => "L'absence de compte n'a été comptée ni pour ni contre vous.";
    public override string NothingCounted => "Rien n'a été compté, car l'activité n'était pas visible.";

    public override string Factor(string factor, string points, string weight) => factor switch
    {
        Factors.Presence => $"Avoir un compte public : {points} points sur {weight}.",
        Factors.Recency => $"Date de votre dernière publication : {points} points sur {weight}.",
        Factors.Cadence => $"Fréquence de vos publications : {points} points sur {weight}.",
        Factors.Conversation => $"Réponses à d'autres personnes : {points} points sur {weight}.",
        Factors.Authorship => $"Messages écrits par vous plutôt que partagés : {points} points sur {weight}.",
        Factors.Relevance => $"Messages et profil liés au poste : {points} points sur {weight}.",
        Factors.Followers => "Votre nombre d'abonnés n'a pas été pris en compte.",
        _ => $"Autre : {points} points sur {weight}.",
    };

    public override string Score(int score, string band) => $"Au total : {score} sur 100, ce que nous qualifions de « {band} ».";
    public override string Active(string networks) => $"Cela correspond à une présence professionnelle active sur {networks}.";
    public override string NotActive(string networks) => $"Cela ne correspond pas à une présence professionnelle active sur {networks}.";
    public override string NoScore => "Aucun score n'a été donné.";
    public override string NoScoreForAbsence => "L'entreprise a choisi de ne pénaliser personne pour l'absence de compte : aucun score n'a été donné.";

    public override string BandName(Band band) => band switch
    {
        Band.Strong => "fort",
        Band.Moderate => "moyen",
        Band.Weak => "faible",
        Band.None => "aucun signal",
        _ => "inconnu",
    };

    public override string ReviewNone => "Aucun recruteur n'a encore examiné ce résultat.";
    public override string ReviewConfirmed => "Un recruteur a examiné ce résultat et l'a confirmé.";
    public override string ReviewOverridden(string band) => $"Un recruteur a examiné ce résultat et a changé son niveau en « {band} ».";
    public override string ReviewContested => "Vous avez contesté ce résultat ; un recruteur va l'examiner à nouveau.";
    public override string Rights =>
        "Ce résultat n'est qu'une information parmi d'autres pour un recruteur, qui prend la décision ; il ne dit rien de vous en tant que personne. "
        + "Auprès de l'entreprise à laquelle vous avez postulé, vous pouvez demander qu'une personne l'examine, le contester, obtenir une copie de toutes les données vous concernant ou les faire effacer.";

    protected override IReadOnlyList<string> Months { get; } =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    protected override char DecimalSeparator => ',';
}
