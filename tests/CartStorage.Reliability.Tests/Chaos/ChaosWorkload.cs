namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>
/// The seeded random workload of one history: <see cref="Clients"/> clients, each with its own plan of operations over a
/// few carts (two guests and two users, two instances each) so operations collide. Every add and save puts a fresh item
/// (unique id, quantity 1 to 3) so its fate is traceable; changes and removes address items the same client added. Half
/// the item operations carry an idempotency key. The plan depends on the seed only.
/// </summary>
internal sealed class ChaosWorkload
{
    public const int Clients = 4;
    public const int DefaultOperationsPerClient = 6;

    private static readonly string[] Instances = ["a", "b"];

    /// <summary>The relative weights of the operation kinds, in <see cref="ChaosOpKind"/> order.</summary>
    private static readonly int[] Weights = [30, 10, 5, 10, 10, 12, 5, 4, 1];

    public ChaosWorkload(long seed, string scope, int operationsPerClient = DefaultOperationsPerClient)
    {
        Seed = seed;
        OperationsPerClient = operationsPerClient;
        Guests = [$"{scope}-g0", $"{scope}-g1"];
        Users = [$"{scope}-u0", $"{scope}-u1"];
        Carts = [.. Guests.Concat(Users).SelectMany(identifier => Instances.Select(instance => new ChaosCart(identifier, instance)))];
        Plans = [.. Enumerable.Range(0, Clients).Select(client => Plan(client, scope))];
    }

    public long Seed { get; }

    public int OperationsPerClient { get; }

    public IReadOnlyList<string> Guests { get; }

    public IReadOnlyList<string> Users { get; }

    public IReadOnlyList<string> Identifiers => [.. Guests, .. Users];

    /// <summary>Every cart the workload can touch: the checker reads them all at the end.</summary>
    public IReadOnlyList<ChaosCart> Carts { get; }

    public IReadOnlyList<IReadOnlyList<ChaosOp>> Plans { get; }

    /// <summary>The seed of one client's faults and retry decisions, apart from its plan's.</summary>
    public int ClientSeed(int client, int stream) => HashCode32(Seed, (client * 2) + stream + 1);

    private static int HashCode32(long seed, int salt)
    {
        var x = unchecked((ulong)seed + ((ulong)salt * 0x9E3779B97F4A7C15UL));
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return (int)(x ^ (x >> 31));
    }

    private List<ChaosOp> Plan(int client, string scope)
    {
        var random = new Random(ClientSeed(client, 0) ^ 0x5EED);
        var ops = new List<ChaosOp>();
        var added = new List<(string Item, ChaosCart Cart)>();
        for (var n = 1; n <= OperationsPerClient; n++)
        {
            var kind = PickKind(random);
            if (kind is ChaosOpKind.Change or ChaosOpKind.Remove && added.Count == 0)
            {
                kind = ChaosOpKind.Add;
            }

            var cart = Carts[random.Next(Carts.Count)];
            var key = random.Next(2) == 0 ? $"{scope}-k{client}-{n}" : null;
            var item = $"{scope}-c{client}-{n}";
            switch (kind)
            {
                case ChaosOpKind.Add or ChaosOpKind.Save:
                    added.Add((item, cart));
                    ops.Add(new ChaosOp(client, n, kind, cart, null, item, random.Next(1, 4), kind == ChaosOpKind.Add ? key : null));
                    break;
                case ChaosOpKind.Change or ChaosOpKind.Remove:
                    var (known, where) = added[random.Next(added.Count)];
                    var delta = kind == ChaosOpKind.Change ? (random.Next(3) == 0 ? -1 : random.Next(1, 3)) : 0;
                    ops.Add(new ChaosOp(client, n, kind, random.Next(4) == 0 ? cart : where, null, known, delta, key));
                    break;
                case ChaosOpKind.Merge:
                    ops.Add(new ChaosOp(client, n, kind, new ChaosCart(Guests[random.Next(2)], cart.Instance), Users[random.Next(2)], null, 0, null));
                    break;
                case ChaosOpKind.Swap:
                    var target = Identifiers.Where(i => i != cart.Identifier).ElementAt(random.Next(Identifiers.Count - 1));
                    ops.Add(new ChaosOp(client, n, kind, cart, target, null, 0, null));
                    break;
                default:
                    ops.Add(new ChaosOp(client, n, kind, cart, null, null, 0, null));
                    break;
            }
        }

        return ops;
    }

    private static ChaosOpKind PickKind(Random random)
    {
        var roll = random.Next(Weights.Sum());
        for (var kind = 0; ; kind++)
        {
            roll -= Weights[kind];
            if (roll < 0)
            {
                return (ChaosOpKind)kind;
            }
        }
    }
}
