package berth.engine.container;

import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;

/** Docker-style generated names ("focused_turing") and the name rule Docker enforces. */
final class NameGenerator {
    static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final List<String> LEFT = List.of("admiring", "adoring", "affectionate", "agitated", "amazing",
            "angry", "awesome", "blissful", "bold", "boring", "brave", "busy", "charming", "clever", "compassionate",
            "competent", "condescending", "confident", "cool", "cranky", "crazy", "dazzling", "determined", "distracted",
            "dreamy", "eager", "ecstatic", "elastic", "elated", "elegant", "eloquent", "epic", "exciting", "fervent",
            "festive", "flamboyant", "focused", "friendly", "frosty", "funny", "gallant", "gifted", "goofy", "gracious",
            "great", "happy", "hardcore", "heuristic", "hopeful", "hungry", "infallible", "inspiring", "intelligent",
            "interesting", "jolly", "jovial", "keen", "kind", "laughing", "loving", "lucid", "magical", "modest",
            "musing", "mystifying", "naughty", "nervous", "nice", "nifty", "nostalgic", "objective", "optimistic",
            "peaceful", "pedantic", "pensive", "practical", "priceless", "quirky", "quizzical", "recursing", "relaxed",
            "reverent", "romantic", "sad", "serene", "sharp", "silly", "sleepy", "stoic", "strange", "stupefied",
            "suspicious", "sweet", "tender", "thirsty", "trusting", "unruffled", "upbeat", "vibrant", "vigilant",
            "vigorous", "wizardly", "wonderful", "xenodochial", "youthful", "zealous", "zen");
    private static final List<String> RIGHT = List.of("agnesi", "albattani", "allen", "archimedes", "ardinghelli",
            "babbage", "banach", "bardeen", "bartik", "bassi", "bell", "benz", "bhabha", "blackwell", "bohr", "booth",
            "borg", "bose", "brahmagupta", "brattain", "brown", "carson", "chandrasekhar", "cerf", "chatelet", "chebyshev",
            "clarke", "cohen", "colden", "cori", "cray", "curie", "darwin", "davinci", "diffie", "dijkstra", "dirac",
            "driscoll", "dubinsky", "easley", "einstein", "elion", "engelbart", "euclid", "euler", "faraday", "fermat",
            "fermi", "feynman", "franklin", "galileo", "gates", "goldberg", "goldstine", "goodall", "hamilton", "hawking",
            "heisenberg", "hertz", "hodgkin", "hoover", "hopper", "hypatia", "jackson", "jang", "jennings", "johnson",
            "kalam", "kapitsa", "keller", "kepler", "khorana", "kilby", "knuth", "kowalevski", "lalande", "lamarr",
            "lamport", "leakey", "leavitt", "lederberg", "lehmann", "lewin", "liskov", "lovelace", "lumiere", "mahavira",
            "mayer", "mccarthy", "mcclintock", "meitner", "mendel", "merkle", "mirzakhani", "montalcini", "moore",
            "morse", "napier", "nash", "newton", "nobel", "noether", "noyce", "pascal", "pasteur", "payne", "perlman",
            "pike", "poincare", "ptolemy", "raman", "ramanujan", "ride", "ritchie", "roentgen", "rosalind", "saha",
            "sammet", "shannon", "shaw", "shockley", "sinoussi", "snyder", "spence", "stonebraker", "swanson", "tesla",
            "thompson", "torvalds", "turing", "varahamihira", "villani", "volhard", "wescoff", "wiles", "williams",
            "wilson", "wing", "wozniak", "wright", "yalow", "yonath");
    private static final SecureRandom RANDOM = new SecureRandom();

    private NameGenerator() {}

    static String generate() {
        String name = LEFT.get(RANDOM.nextInt(LEFT.size())) + "_" + RIGHT.get(RANDOM.nextInt(RIGHT.size()));
        // Docker's one exception: Steve Wozniak is not boring
        return name.equals("boring_wozniak") ? generate() : name;
    }

    static String validate(String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        if (!VALID.matcher(n).matches()) {
            throw new berth.api.errors.InvalidArgumentException("Invalid container name (" + n
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return n;
    }
}
