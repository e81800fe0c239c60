/**
 * The part of vega the report's charts use: the headless View (built from runtime descriptions parsed at build
 * time, so not vega's parser), the scenegraph's mark drawers and the transforms
 * of vega-transforms, vega-view-transforms and vega-encode (aggregate, filter, stack, axes, legends, …).
 * The `vega` package itself also registers geo, force, hierarchy, label, regression, voronoi, wordcloud
 * and crossfilter transforms for every program that imports it: more code for the render bundle to
 * compile at every cold start (docs/benchmarks.md). A chart that needs one of those fails loudly
 * ("Unrecognized transform type"); test/unit/report/render.test.ts renders every chart with this module
 * alone in its module graph.
 */
import { extend } from 'vega-util';
import { transforms } from 'vega-dataflow';
import * as dataTransforms from 'vega-transforms';
import * as viewTransforms from 'vega-view-transforms';
import * as encodeTransforms from 'vega-encode';

extend(transforms, dataTransforms, viewTransforms, encodeTransforms);

export { View } from 'vega-view';
export { Marks, textMetrics } from 'vega-scenegraph';
export { locale } from 'vega-format';
export { Error } from 'vega-util';
