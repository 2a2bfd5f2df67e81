// GeometryResult: a glTF/GLB model drawn with three.js (vendored). Z is up unless the view says Y.
// The scene is drawn on demand (after a camera move or a resize), never in a busy loop. The model
// stands on a ground plane that catches its shadows; the camera (and its projection, perspective or
// orthographic) is kept per view across re-runs; geometry select fields pick named objects here
// (geometry_pick.js).

import { h } from "../dom.js";
import { blobLink, blobUrl, loadModule, resultToolbar } from "./common.js";
import { nameOf, pickObjects } from "./geometry_pick.js";

const THREE_URL = "/static/vendor/three/three.module.js";
const GLTF_URL = "/static/vendor/three/addons/loaders/GLTFLoader.js";
const ORBIT_URL = "/static/vendor/three/addons/controls/OrbitControls.js";

function webglAvailable() {
  try {
    const canvas = document.createElement("canvas");
    return Boolean(canvas.getContext("webgl2") || canvas.getContext("webgl"));
  } catch {
    return false;
  }
}

/** Named nodes of a loaded glTF scene: what the app identified (and what a selection can pick). */
function namedNodes(root) {
  const names = [];
  root.traverse((obj) => {
    if (obj !== root && nameOf(obj)) names.push(nameOf(obj));
  });
  return names;
}

/** The camera of each view (by method), kept when the view re-runs after an input change. */
const cameras = new Map();

export async function mountGeometry(container, result, { options = {} } = {}) {
  const url = blobUrl(result.model);
  if (!url) throw new Error("The geometry result has no model.");
  const viewKey = container.closest("[data-view]")?.dataset.view || null;
  const [THREE, { GLTFLoader }, { OrbitControls }] = await Promise.all([
    loadModule(THREE_URL), loadModule(GLTF_URL), loadModule(ORBIT_URL),
  ]);
  const gltf = await new GLTFLoader().loadAsync(url);
  const model = gltf.scene;
  let nodeCount = 0;
  let meshCount = 0;
  model.traverse((obj) => {
    if (obj === model) return;
    nodeCount += 1;
    if (obj.isMesh || obj.isLine || obj.isPoints) meshCount += 1;
  });

  const stage = h("div", { class: "geometry-stage" });
  const labelLayer = h("div", { class: "geometry-labels", "aria-hidden": "true" });
  const fit = h("button", { type: "button", class: "btn btn-small", title: "Show the whole model" }, "Fit");
  const shadows = h("button", { type: "button", class: "btn btn-small", "aria-pressed": "false", title: "Cast shadows" }, "Shadows");
  const projection = h("button", {
    type: "button", class: "btn btn-small", dataset: { projectionToggle: "" }, title: "Switch between a perspective and an orthographic camera",
  }, "Orthographic");
  const el = h("div", {
    class: "geometry-view",
    dataset: {
      nodeCount,
      meshCount,
      nodeNames: JSON.stringify(namedNodes(model)),
      upAxis: options.up_axis || "Z",
      viewMode: options.view_mode || "3D",
    },
  }, resultToolbar(projection, shadows, fit, blobLink(result.model, "Download model", { download: true })), stage);
  stage.appendChild(labelLayer);
  container.appendChild(el);

  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0xf4f6f8);
  scene.add(model);
  scene.add(new THREE.HemisphereLight(0xffffff, 0x8a8f98, 2.2));
  const sun = new THREE.DirectionalLight(0xffffff, 1.6);
  scene.add(sun);

  const box = new THREE.Box3().setFromObject(model);
  const size = box.isEmpty() ? new THREE.Vector3(1, 1, 1) : box.getSize(new THREE.Vector3());
  const center = box.isEmpty() ? new THREE.Vector3() : box.getCenter(new THREE.Vector3());
  const radius = Math.max(size.length() / 2, 1e-3);
  const zUp = (options.up_axis || "Z") !== "Y";
  const twoD = options.view_mode === "2D";

  if (!webglAvailable()) {
    stage.appendChild(h("div", { class: "view-empty" },
      `This browser cannot draw 3D (no WebGL). The model has ${nodeCount} objects; download it to inspect it.`));
    el.dataset.rendered = "false";
    return {};
  }

  const renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
  stage.prepend(renderer.domElement);

  // Shadows: on at open with default_shadow; the user can switch them either way.
  const setShadows = (on) => {
    renderer.shadowMap.enabled = on;
    sun.castShadow = on;
    const extent = radius * 2;
    Object.assign(sun.shadow.camera, { left: -extent, right: extent, top: extent, bottom: -extent, near: radius / 100, far: radius * 10 });
    sun.shadow.camera.updateProjectionMatrix();
    sun.target.position.copy(center);
    if (!sun.target.parent) scene.add(sun.target);
    model.traverse((obj) => {
      if (obj.isMesh) {
        obj.castShadow = on;
        obj.receiveShadow = on;
        for (const m of [].concat(obj.material || [])) m.needsUpdate = true;
      }
    });
    shadows.setAttribute("aria-pressed", String(on));
    el.dataset.shadows = String(on);
  };
  shadows.addEventListener("click", () => {
    setShadows(shadows.getAttribute("aria-pressed") !== "true");
    requestRender();
  });

  // A ground plane just under the model: it shows nothing but the shadows it receives.
  if (!twoD && !box.isEmpty()) {
    const ground = new THREE.Mesh(new THREE.PlaneGeometry(radius * 12, radius * 12),
      new THREE.ShadowMaterial({ color: 0x000000, opacity: 0.28 }));
    ground.name = "";
    ground.userData = { ground: true };
    ground.receiveShadow = true;
    const bottom = (zUp ? box.min.z : box.min.y) - radius * 1e-3;
    if (zUp) ground.position.set(center.x, center.y, bottom);
    else {
      ground.rotation.x = -Math.PI / 2;
      ground.position.set(center.x, bottom, center.z);
    }
    scene.add(ground);
    el.dataset.ground = "true";
  }

  const aspect = () => Math.max(stage.clientWidth, 1) / Math.max(stage.clientHeight, 1);
  const FOV = 45;
  const halfHeightAt = (distance) => distance * Math.tan((FOV * Math.PI) / 360);
  const makeCamera = (kind) => {
    const cam = kind === "orthographic"
      ? new THREE.OrthographicCamera(-radius * aspect(), radius * aspect(), radius, -radius, -radius * 100, radius * 100)
      : new THREE.PerspectiveCamera(FOV, aspect(), radius / 1000, radius * 1000);
    cam.up.set(0, zUp ? 0 : 1, zUp ? 1 : 0);
    return cam;
  };
  const saved = cameras.get(viewKey);
  let camera = makeCamera(twoD ? "orthographic" : (saved?.kind || "perspective"));
  const controls = new OrbitControls(camera, renderer.domElement);
  if (twoD) controls.enableRotate = false;
  projection.hidden = twoD;
  /** An orthographic camera's frustum shows what a perspective one shows at the target's distance. */
  const frameOrtho = (cam, halfHeight) => {
    cam.top = halfHeight;
    cam.bottom = -halfHeight;
    cam.left = -halfHeight * aspect();
    cam.right = halfHeight * aspect();
    cam.zoom = 1;
    cam.near = -radius * 100;
    cam.far = radius * 100;
    cam.updateProjectionMatrix();
  };
  const setProjection = (kind) => {
    if (twoD || (kind === "orthographic") === Boolean(camera.isOrthographicCamera)) return;
    const next = makeCamera(kind);
    const offset = camera.position.clone().sub(controls.target);
    if (kind === "orthographic") {
      next.position.copy(camera.position);
      frameOrtho(next, halfHeightAt(offset.length()));
    } else {
      const halfHeight = (camera.top - camera.bottom) / 2 / camera.zoom;
      const distance = halfHeight / Math.tan((FOV * Math.PI) / 360);
      next.position.copy(controls.target).addScaledVector(offset.normalize(), distance);
      next.updateProjectionMatrix();
    }
    next.quaternion.copy(camera.quaternion);
    camera = next;
    controls.object = next;
    controls.update();
    showProjection();
    showCamera();
    requestRender();
  };
  const showProjection = () => {
    const kind = camera.isOrthographicCamera ? "orthographic" : "perspective";
    el.dataset.projection = kind;
    projection.textContent = kind === "orthographic" ? "Perspective" : "Orthographic";
    projection.title = `Switch to a ${kind === "orthographic" ? "perspective" : "orthographic"} camera`;
  };
  projection.addEventListener("click", () => setProjection(camera.isOrthographicCamera ? "perspective" : "orthographic"));

  const labels = (Array.isArray(result.labels) ? result.labels : []).map((label) => {
    const div = h("div", { class: "geometry-label" }, (label.text || []).map((line) => h("div", null, line)));
    if (label.color) div.style.color = label.color;
    div.style.fontSize = `${Math.min(Math.max(Number(label.size_factor) || 1, 0.1), 10) * 12}px`;
    labelLayer.appendChild(div);
    return { div, position: new THREE.Vector3(...(label.position || [0, 0, 0])) };
  });

  let frame = 0;
  let afterRender = null; // picking mode: refresh the pickable points after each frame
  const render = () => {
    frame = 0;
    renderer.render(scene, camera);
    afterRender?.();
    const w = stage.clientWidth;
    const hgt = stage.clientHeight;
    for (const label of labels) {
      const p = label.position.clone().project(camera);
      label.div.hidden = p.z > 1;
      label.div.style.transform = `translate(${((p.x + 1) / 2) * w}px, ${((1 - p.y) / 2) * hgt}px)`;
    }
  };
  const requestRender = () => {
    if (!frame) frame = requestAnimationFrame(render);
  };

  const resetView = () => {
    if (camera.isOrthographicCamera && !twoD) frameOrtho(camera, radius * 1.1);
    controls.target.copy(center);
    const direction = twoD ? new THREE.Vector3(0, 0, 1)
      : (zUp ? new THREE.Vector3(1, -1.4, 0.9) : new THREE.Vector3(1, 0.9, 1.4)).normalize();
    // the whole bounding sphere in view, whichever of the vertical and horizontal angles is narrower
    const vfov = ((camera.fov || 45) * Math.PI) / 180;
    const hfov = 2 * Math.atan(Math.tan(vfov / 2) * aspect());
    const distance = twoD || camera.isOrthographicCamera ? radius * 4 : (radius / Math.sin(Math.min(vfov, hfov) / 2)) * 1.05;
    camera.position.copy(center).addScaledVector(direction, distance);
    camera.lookAt(center);
    controls.update();
    requestRender();
  };
  const resize = () => {
    const w = Math.max(stage.clientWidth, 1);
    const hgt = Math.max(stage.clientHeight, 1);
    renderer.setSize(w, hgt, false);
    if (camera.isPerspectiveCamera) camera.aspect = w / hgt;
    else {
      const halfHeight = (camera.top - camera.bottom) / 2;
      camera.left = -halfHeight * (w / hgt);
      camera.right = halfHeight * (w / hgt);
    }
    camera.updateProjectionMatrix();
    requestRender();
  };
  // the sun stands high at the left (seen from the start view), so shadows fall on the ground beside
  // the model, where the camera sees them
  sun.position.copy(center).add(zUp ? new THREE.Vector3(-radius * 1.2, -radius * 0.4, radius * 2)
    : new THREE.Vector3(-radius * 1.2, radius * 2, radius * 0.4));
  sun.shadow.mapSize.set(2048, 2048);
  sun.shadow.bias = -0.001;
  sun.shadow.normalBias = radius * 0.04; // no shadow acne (stripes) on the lit faces
  setShadows(Boolean(options.default_shadow));
  controls.addEventListener("change", requestRender);
  fit.addEventListener("click", () => {
    resetView();
    showCamera();
  });
  const observer = new ResizeObserver(resize);
  observer.observe(stage);
  resize();
  if (saved && !twoD) { // the view ran again: the user keeps looking where they were
    camera.position.fromArray(saved.position);
    controls.target.fromArray(saved.target);
    if (camera.isOrthographicCamera) {
      frameOrtho(camera, saved.halfHeight);
      camera.zoom = saved.zoom;
      camera.updateProjectionMatrix();
    }
    camera.lookAt(controls.target);
    controls.update();
    el.dataset.cameraKept = "true";
  } else {
    resetView();
  }
  showProjection();
  render();
  el.dataset.rendered = "true";
  /** Where the camera is, in the DOM: what a test (or a curious user) can read. */
  const showCamera = () => {
    el.dataset.camera = JSON.stringify([...camera.position.toArray(), ...controls.target.toArray()].map((v) => Number(v.toFixed(3))));
  };
  showCamera();
  controls.addEventListener("end", showCamera);
  const rememberCamera = () => {
    if (!viewKey || twoD) return;
    cameras.set(viewKey, {
      kind: camera.isOrthographicCamera ? "orthographic" : "perspective",
      position: camera.position.toArray(),
      target: controls.target.toArray(),
      halfHeight: camera.isOrthographicCamera ? (camera.top - camera.bottom) / 2 : 0,
      zoom: camera.zoom,
    });
  };
  controls.addEventListener("end", rememberCamera);
  let endPicking = null;
  return {
    /** Let the user pick named objects for a geometry select field: names, null (cancelled) or undefined (view re-ran). */
    startPicking(request) {
      endPicking?.(null);
      return new Promise((resolve) => {
        endPicking = pickObjects({
          THREE, model, el, stage, canvas: renderer.domElement, camera: () => camera, request, requestRender,
          onRender: (fn) => { afterRender = fn; },
        }, (names) => {
          endPicking = null;
          afterRender = null;
          resolve(names);
        });
      });
    },
    dispose() {
      endPicking?.(undefined); // not cancelled: the view runs again, and picking goes on in the new model
      rememberCamera();
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
      controls.dispose();
      model.traverse((obj) => {
        obj.geometry?.dispose?.();
        for (const m of [].concat(obj.material || [])) m.dispose?.();
      });
      renderer.dispose();
      renderer.forceContextLoss?.();
    },
  };
}
