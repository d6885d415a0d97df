// The CartStorage activity source is process-wide: tests run one at a time so each ActivityListener sees only its own test's spans.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
