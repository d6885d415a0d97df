namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>Each rule of <see cref="ChaosChecker"/> on a hand-written history: it fires when broken, and what excuses it does.</summary>
public sealed class ChaosCheckerTests
{
    private static readonly ChaosCart Guest = new("g0", "a");
    private static readonly ChaosCart User = new("u0", "a");
    private static readonly ChaosOp Add = new(0, 1, ChaosOpKind.Add, Guest, null, "i1", 2, null);

    [Fact]
    public void An_acknowledged_add_found_nowhere_is_lost() =>
        Check([Ok(Add, 1, 2)], []).Should().ContainSingle().Which.Should().StartWith("(a) acknowledged").And.Contain("is lost").And.Contain("history excerpt");

    [Fact]
    public void A_forget_of_its_cart_after_the_add_excuses_it_one_before_does_not()
    {
        var forget = new ChaosOp(1, 1, ChaosOpKind.Forget, Guest, null, null, 0, null);
        Check([Ok(Add, 1, 2), Ok(forget, 3, 4)], []).Should().BeEmpty();
        Check([Ok(forget, 0, 1), Ok(Add, 2, 3)], []).Should().ContainSingle().Which.Should().Contain("is lost");
    }

    [Fact]
    public void A_merge_may_move_the_item_to_its_target_and_nowhere_else()
    {
        var merge = new ChaosOp(1, 1, ChaosOpKind.Merge, Guest, "u0", null, 0, null);
        Check([Ok(Add, 1, 2), Ok(merge, 3, 4)], Final(User, 2)).Should().BeEmpty();
        Check([Ok(Add, 1, 2), Ok(merge, 3, 4)], Final(new ChaosCart("u1", "a"), 2)).Should().ContainSingle().Which.Should().StartWith("(d)");
    }

    [Fact]
    public void An_ordered_item_back_in_a_cart_is_reported()
    {
        var checkout = new ChaosOp(1, 1, ChaosOpKind.Checkout, Guest, null, null, 0, null);
        var ordered = new ChaosAttempt(checkout, 1, 3, 4, ChaosOutcome.Ok, string.Empty, [new ChaosItem("i1", 2)]);
        Check([Ok(Add, 1, 2), ordered], []).Should().BeEmpty();
        Check([Ok(Add, 1, 2), ordered], Final(Guest, 2)).Should().ContainSingle().Which.Should().StartWith("(b) ordered item came back");
    }

    [Fact]
    public void A_keyed_add_applied_twice_is_reported()
    {
        var keyed = Add with { Key = "k1" };
        var retried = new[] { new ChaosAttempt(keyed, 1, 1, 2, ChaosOutcome.Indeterminate, "unavailable"), new ChaosAttempt(keyed, 2, 3, 4, ChaosOutcome.Ok, string.Empty) };
        Check(retried, Final(Guest, 2)).Should().BeEmpty();
        Check(retried, Final(Guest, 4)).Should().ContainSingle().Which.Should().StartWith("(c)").And.Contain("applied twice");
    }

    [Fact]
    public void An_item_no_client_wrote_and_an_add_said_not_applied_but_present_are_reported()
    {
        Check([Ok(Add, 1, 2)], new() { [Guest] = [new ChaosItem("i1", 2), new ChaosItem("stranger", 1)] })
            .Should().ContainSingle().Which.Should().StartWith("(d) item stranger appeared that no client wrote");
        Check([new ChaosAttempt(Add, 1, 1, 2, ChaosOutcome.Failed, "unavailable, claims nothing was written")], Final(Guest, 2))
            .Should().ContainSingle().Which.Should().Contain("the library said it was not applied");
    }

    private static ChaosAttempt Ok(ChaosOp op, long invoke, long complete) => new(op, 1, invoke, complete, ChaosOutcome.Ok, string.Empty);

    private static Dictionary<ChaosCart, IReadOnlyList<ChaosItem>> Final(ChaosCart cart, int quantity) => new() { [cart] = [new ChaosItem("i1", quantity)] };

    private static IReadOnlyList<string> Check(IReadOnlyList<ChaosAttempt> attempts, Dictionary<ChaosCart, IReadOnlyList<ChaosItem>> finals) =>
        ChaosChecker.Check(attempts, finals).Violations;
}
